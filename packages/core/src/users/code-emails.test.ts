import { describe, expect, it } from 'vitest';
import { codeEmailFor } from './code-emails';

describe('codeEmailFor', () => {
  it('gives the password reset its own subject, apart from the sign-up code', () => {
    const signUp = codeEmailFor('CustomMessage_SignUp', '{####}');
    const reset = codeEmailFor('CustomMessage_ForgotPassword', '{####}');
    expect(signUp?.emailSubject).toMatch(/confirm/i);
    expect(reset?.emailSubject).toMatch(/reset .*password/i);
    expect(reset?.emailSubject).not.toBe(signUp?.emailSubject);
    // Cognito refuses a custom message without the code placeholder.
    expect(signUp?.emailMessage).toContain('{####}');
    expect(reset?.emailMessage).toContain('{####}');
  });

  it('leaves other sources to Cognito', () => {
    expect(codeEmailFor('CustomMessage_AdminCreateUser', '{####}')).toBeUndefined();
  });
});
