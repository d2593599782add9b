/** The backend's version (health, OpenAPI). Kept here: bundlers cannot always reach package.json. */
export const SERVER_VERSION = '0.1.0';
