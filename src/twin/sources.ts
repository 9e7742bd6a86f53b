import type { Source } from '../model/vocabulary.js';

/** Per-source sections list both sources, Entra first, even when one has no data. */
export const SOURCES: readonly Source[] = ['ENTRA_ID', 'OKTA'];

/** The account label of a source: filtering by label uses the label scan instead of a property test. */
export const ACCOUNT_LABEL: Record<Source, 'EntraUser' | 'OktaUser'> = { ENTRA_ID: 'EntraUser', OKTA: 'OktaUser' };
