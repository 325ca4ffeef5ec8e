// The HTTP API v1 client of the dashboard: bearer token (session storage or #token= in the URL, or from the Entra ID
// sign-in), JSON, and RFC 7807 problem details turned into errors the page can show.

const TOKEN_KEY = 'cloudstatus.token';

let tokenSource = async () => getToken();

/** Every call takes its bearer token from `source` (async; null = none) instead of the pasted one. */
export function useTokenSource(source) {
  tokenSource = source;
}

/** The token was missing or refused (401): the page must ask for one. */
export class AuthRequiredError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AuthRequiredError';
  }
}

/** The API answered with an error status; `problem` holds its problem details (or a stand-in). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(describeProblem(problem));
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/** Moves a `#token=...` from the address bar into session storage, so a printed link signs the page in. */
export function takeTokenFromLocation() {
  const match = /(?:^#|&)token=([^&]*)/.exec(window.location.hash);
  if (!match) {
    return;
  }

  setToken(decodeURIComponent(match[1]));
  // Keep the token out of the history and of anything the user copies from the address bar.
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
}

export function getToken() {
  return window.sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  const trimmed = (token || '').trim();
  if (trimmed) {
    window.sessionStorage.setItem(TOKEN_KEY, trimmed);
  } else {
    window.sessionStorage.removeItem(TOKEN_KEY);
  }
}

/** One line of a problem: "Title (status): detail — field: message; …". */
export function describeProblem(problem) {
  if (!problem) {
    return 'The request failed.';
  }

  const parts = [];
  const head = problem.title || 'Error';
  parts.push(problem.status ? `${head} (${problem.status})` : head);
  if (problem.detail) {
    parts.push(problem.detail);
  }

  if (problem.errors && typeof problem.errors === 'object') {
    const fields = Object.entries(problem.errors)
      .map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`);
    if (fields.length > 0) {
      parts.push(fields.join('; '));
    }
  }

  return parts.join(' — ');
}

/**
 * Calls `/api/v1{path}` (relative to the page, so a path prefix in front of the app still works) and returns the
 * parsed JSON. Throws AuthRequiredError on 401 or without a token, ApiError on any other error status.
 */
export async function api(path, { method = 'GET', body, signal } = {}) {
  const token = await tokenSource();
  if (!token) {
    throw new AuthRequiredError('A bearer token is needed.');
  }

  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}` };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }

  let response;
  try {
    response = await fetch(new URL(`api/v1${path}`, document.baseURI), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error.name === 'AbortError') {
      throw error;
    }

    throw new ApiError(0, { title: 'Cannot reach the API', detail: String(error.message || error) });
  }

  if (response.status === 401) {
    const problem = await readProblem(response);
    throw new AuthRequiredError(problem?.detail || 'The token was refused.');
  }

  if (!response.ok) {
    throw new ApiError(response.status, (await readProblem(response)) || { title: response.statusText || 'Error', status: response.status });
  }

  return response.status === 204 ? null : response.json();
}

/** `?a=1&b=x` from the entries whose value is not empty (null, undefined or ''), or '' when none is. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      search.set(name, String(value));
    }
  }

  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Fetches `/api/v1{path}` with the bearer token and hands the body to the browser as a download named as the
 * API's Content-Disposition says (an <a download> on a blob: a plain link could not carry the token).
 * Returns the file name.
 */
export async function download(path, fallbackName) {
  const token = await tokenSource();
  if (!token) {
    throw new AuthRequiredError('A bearer token is needed.');
  }

  const response = await fetch(new URL(`api/v1${path}`, document.baseURI), {
    headers: { Accept: 'text/csv, application/problem+json', Authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  if (response.status === 401) {
    throw new AuthRequiredError((await readProblem(response))?.detail || 'The token was refused.');
  }

  if (!response.ok) {
    throw new ApiError(response.status, (await readProblem(response)) || { title: response.statusText || 'Error', status: response.status });
  }

  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}

async function readProblem(response) {
  const type = response.headers.get('Content-Type') || '';
  if (!type.includes('json')) {
    return null;
  }

  try {
    return await response.json();
  } catch {
    return null;
  }
}
