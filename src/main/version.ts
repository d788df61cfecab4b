/** The app's version, shown in About and written into every report's Sources sheet. */
export const APP_VERSION = '0.1.0';
