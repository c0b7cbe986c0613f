// The SRP client of amazon-cognito-identity-js (not in its public typings), used by tests to check
// the local server's SRP math against the real client.
declare module 'amazon-cognito-identity-js/lib/BigInteger' {
  export default class BigInteger {
    constructor(value: string, radix: number);
    toString(radix: number): string;
  }
}

declare module 'amazon-cognito-identity-js/lib/AuthenticationHelper' {
  import type BigInteger from 'amazon-cognito-identity-js/lib/BigInteger';
  export default class AuthenticationHelper {
    constructor(poolName: string);
    getLargeAValue(callback: (error: unknown, A: BigInteger) => void): void;
    getPasswordAuthenticationKey(
      username: string,
      password: string,
      serverB: BigInteger,
      salt: BigInteger,
      callback: (error: unknown, key: Uint8Array) => void,
    ): void;
  }
}
