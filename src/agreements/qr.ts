/** The QR helper moved to src/common (two-step log-in uses it too); kept here for existing imports. */
export { qrDataUri, qrSvg } from '../common/qr';
