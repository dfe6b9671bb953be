/**
 * Snowflake account identifiers, checked before any network call: a typo here would otherwise surface as a DNS
 * failure, a TLS name mismatch or a minutes-long retry loop inside the driver.
 *
 * Accepted (docs.snowflake.com/en/user-guide/admin-account-identifier):
 * - `orgname-accountname` (the preferred form; underscores of the account name may be written as hyphens),
 * - a legacy account locator, alone (AWS us-west-2) or with its region and cloud: `xy12345.us-east-2.aws`,
 * - either followed by `.privatelink` for a private-link endpoint.
 */

const ORG_ACCOUNT = /^[a-z][a-z0-9]*-[a-z0-9_]+(?:-[a-z0-9_]+)*$/i;
const LOCATOR = /^[a-z][a-z0-9_]*$/i;
const REGION_PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/i;
const HOST_SUFFIX = /\.(?:snowflakecomputing\.(?:com|cn)|snowflake\.app)\.?$/i;

const FORMS =
  'Use the account identifier alone: orgname-accountname (e.g. myorg-analytics) or a legacy locator with its region (e.g. xy12345.eu-central-1, xy12345.us-east-2.aws).';

/**
 * The identifier a pasted URL names, when it is one of Snowflake's: `https://<account>.snowflakecomputing.com/…`
 * or Snowsight's `https://app.snowflake.com/<org>/<account>/…` (a legacy account: `…/<region>/<locator>/`).
 */
function accountInUrl(text: string): string | undefined {
  const withoutScheme = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const [host = '', ...path] = withoutScheme.split('/').filter((part) => part !== '');
  const domain = HOST_SUFFIX.exec(host);
  if (domain) return host.slice(0, domain.index);
  if (/^app\.snowflake\.com$/i.test(host) && path.length >= 2) {
    const [first = '', second = ''] = path;
    const region = first.includes('-') && first.split('.').every((part) => REGION_PART.test(part));
    return region ? `${second}.${first}` : `${first}-${second}`;
  }
  return undefined;
}

/** The problem with an account identifier, or undefined when it is well formed. */
export function accountProblem(account: string): string | undefined {
  const text = account.trim();
  if (text === '') return `the account is empty. ${FORMS}`;
  const named = accountInUrl(text);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || (named !== undefined && text.includes('/'))) {
    if (named !== undefined && accountProblem(named) === undefined) {
      return `"${text}" is a URL; give the account identifier, without https:// or a path: account: ${named}. For a private-link or custom endpoint, set host (and port, protocol) as well.`;
    }
    return `"${text}" is a URL; give the account identifier, without https:// or a path. ${FORMS} For a private-link or custom endpoint, set host (and port, protocol) as well.`;
  }
  const domain = HOST_SUFFIX.exec(text);
  if (domain) {
    const bare = text.slice(0, domain.index);
    return `"${text}" is a host name; drop "${domain[0]}": account: ${bare}. For a private-link or custom endpoint, put the host name under host.`;
  }
  if (text !== account) {
    const rest = accountProblem(text);
    return rest
      ? `the account "${account}" has leading or trailing spaces, and ${rest}`
      : `the account "${account}" has leading or trailing spaces: write account: ${text}`;
  }
  const parts = text.split('.');
  if (parts.at(-1)?.toLowerCase() === 'privatelink') parts.pop();
  const [first = '', ...region] = parts;
  if (ORG_ACCOUNT.test(first)) {
    if (region.length === 0) return undefined;
    return `"${text}": an orgname-accountname identifier takes no region (only ".privatelink"). ${FORMS}`;
  }
  if (!LOCATOR.test(first)) {
    return `"${text}" is not an account identifier (only letters, digits, "_", "-" and "." may appear). ${FORMS}`;
  }
  // Every Snowflake region has a hyphen (us-west-2, us-central1, east-us-2): "myorg.analytics" is SQL's
  // orgname.accountname, which as an account becomes the host myorg.analytics.snowflakecomputing.com: no such name.
  if (region.length === 1 && !region[0]?.includes('-')) {
    return `"${text}" looks like orgname.accountname, the form SQL uses; a connection takes orgname-accountname: write account: ${first}-${region[0]}. (A legacy locator's region looks like us-east-2 or us-east-2.aws.)`;
  }
  if (region.length > 2 || !region.every((part) => REGION_PART.test(part))) {
    return `"${text}": the region after the locator should look like us-east-2 or us-east-2.aws. ${FORMS}`;
  }
  return undefined;
}
