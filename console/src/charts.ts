/** Chart.js with only the pieces the console draws (bars and lines), registered once. */
import { BarElement, CategoryScale, Chart, Legend, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';

Chart.register(BarElement, CategoryScale, LinearScale, LineElement, PointElement, Legend, Tooltip);
Chart.defaults.color = '#1f2937';
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.animation = false;

/** Colour-blind-safe palette (Okabe–Ito). */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
