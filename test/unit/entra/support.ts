import { entraKeys } from '../../../src/ingest/entra/keys.js';

export const TID = '5b1f3c2e-8a47-4d9b-b6e1-0c2d4f6a8e13';
export const keys = entraKeys(TID);
