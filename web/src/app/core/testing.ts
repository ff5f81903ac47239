/** A syntactically real JWT (unsigned: the console never verifies signatures): UTF-8 JSON, base64url, as PyJWT writes. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const b64 = (value: object) =>
    btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))))
      .replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.signature`;
}
