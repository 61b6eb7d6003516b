// What /auth/error tells the user for each failure code. Fixed texts: nothing from the URL is echoed.

export const AUTH_ERROR_MESSAGES: Record<string, { title: string; text: string; retry: boolean }> = {
  'provider-unavailable': {
    title: 'The sign-in service is unavailable',
    text: 'Weft could not reach the identity provider or could not use its answer. Try again in a moment; if it persists, the operator will find the reason in the server log.',
    retry: true,
  },
  'provider-refused': {
    title: 'The identity provider refused the sign-in',
    text: 'The provider did not let this sign-in through (you may have cancelled it, or your account may not be allowed to use this console).',
    retry: true,
  },
  'invalid-callback': {
    title: 'This sign-in cannot be completed',
    text: 'The sign-in took too long, was started again in another tab, or the link was opened twice. Start again.',
    retry: true,
  },
  'invalid-token': {
    title: 'The identity could not be verified',
    text: 'The answer of the identity provider failed verification. Start again; if it persists, the operator will find the reason in the server log.',
    retry: true,
  },
  'identity-too-large': {
    title: 'Your identity is too large for a session',
    text: 'Your account carries more groups than fit in a session cookie. Ask the operator to limit the groups sent to Weft.',
    retry: false,
  },
  'no-tenant': {
    title: 'No tenant for your account',
    text: 'You are signed in, but your account may not read any tenant on this console. Ask its operator to grant you one.',
    retry: false,
  },
  'not-enabled': {
    title: 'Sign-in is not used here',
    text: 'This console does not use OpenID Connect sign-in: it is either open, or behind an authenticating proxy that signs you in.',
    retry: false,
  },
};

export const UNKNOWN_AUTH_ERROR = { title: 'Sign-in failed', text: 'Start again.', retry: true };
