// Entra ID sign-in (docs/adr/0090): when /config.json names an authority, MSAL.js (the npm package's browser bundle,
// served with the dashboard) signs the operator in with the authorization code flow and PKCE, and every API call
// carries an access token it acquires silently (renewed from its cache or with the refresh token). Without that
// configuration the page keeps asking for a pasted bearer token (the dev stack).

/** The dashboard's configuration, or `{ signIn: null }` when the server does not answer with one. */
export async function loadConfig() {
  try {
    const response = await fetch(new URL('config.json', document.baseURI), { cache: 'no-store' });
    return response.ok ? await response.json() : { signIn: null };
  } catch {
    return { signIn: null };
  }
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = new URL(src, document.baseURI).toString();
    script.onload = resolve;
    script.onerror = () => reject(new Error(`Could not load ${src}.`));
    document.head.append(script);
  });
}

/** One signed-in session over MSAL's PublicClientApplication. */
export class EntraSignIn {
  constructor(settings, app) {
    this.settings = settings;
    this.app = app;
  }

  /**
   * Loads MSAL, finishes a sign-in coming back from the authority, and returns the session; returns null after
   * starting a redirect to the authority (the page is about to leave).
   */
  static async start(settings) {
    await loadScript('msal-browser.min.js');
    const redirectUri = new URL('./', document.baseURI).toString();
    const app = await window.msal.createStandardPublicClientApplication({
      auth: {
        clientId: settings.clientId,
        authority: settings.authority,
        knownAuthorities: settings.knownAuthorities,
        redirectUri,
        postLogoutRedirectUri: redirectUri,
      },
      cache: { cacheLocation: 'sessionStorage' },
    });
    const result = await app.handleRedirectPromise();
    const account = result?.account || app.getAllAccounts()[0];
    if (!account) {
      await app.loginRedirect({ scopes: settings.scopes });
      return null;
    }

    app.setActiveAccount(account);
    return new EntraSignIn(settings, app);
  }

  get userName() {
    const account = this.app.getActiveAccount();
    return account ? account.username || account.name || '' : '';
  }

  /** An access token for the API; when it cannot be renewed silently, signs in again (redirect). */
  async token() {
    try {
      const result = await this.app.acquireTokenSilent({ scopes: this.settings.scopes, account: this.app.getActiveAccount() });
      return result.accessToken;
    } catch (error) {
      if (error instanceof window.msal.InteractionRequiredAuthError) {
        await this.app.acquireTokenRedirect({ scopes: this.settings.scopes });
        return null;
      }

      throw error;
    }
  }

  signOut() {
    return this.app.logoutRedirect({ account: this.app.getActiveAccount() });
  }
}
