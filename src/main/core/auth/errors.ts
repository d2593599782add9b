/** Why an OIDC sign-in or token refresh failed: a code for the UI, a readable message for logs. */
export type OidcFailure =
  | 'not_configured' // the backend offers no municipality sign-in (or not this issuer)
  | 'unreachable' // the identity provider could not be reached (discovery, token endpoint)
  | 'timeout' // the browser never came back
  | 'cancelled'
  | 'denied' // the user (or the provider) refused
  | 'state_mismatch' // a callback that does not belong to this sign-in
  | 'provider_error'
  | 'exchange_failed' // code -> tokens, or ID token checks (nonce, issuer, audience) failed
  | 'refresh_failed' // the refresh token was refused or expired: sign in again
  | 'rejected_by_backend'; // the backend does not accept the token or knows no such user

export class OidcSignInError extends Error {
  constructor(
    readonly code: OidcFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OidcSignInError';
  }
}
