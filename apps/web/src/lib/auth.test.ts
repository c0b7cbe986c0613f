import { describe, expect, it } from 'vitest';
import { passwordProblems, SessionExpiredError, toAuthError } from './auth';
import { safeNext } from './navigation';
import { sanitizeFileName, toStorageError } from './s3';

describe('toAuthError', () => {
  it.each([
    [
      { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      'NotAuthorizedException',
      'Incorrect email or password.',
    ],
    [
      { code: 'InvalidPasswordException', message: 'Invalid password' },
      'NotAuthorizedException',
      'Incorrect email or password.',
    ],
    [
      { code: 'UserNotConfirmedException', message: 'x' },
      'UserNotConfirmedException',
      'This account is not confirmed yet. Enter the code we emailed you.',
    ],
    [
      { code: 'ExpiredCodeException', message: 'x' },
      'ExpiredCodeException',
      'That code has expired. Ask for a new one.',
    ],
    [
      { code: 'CodeMismatchException', message: 'x' },
      'CodeMismatchException',
      'That code is not right. Check it and try again.',
    ],
  ])('%o → %s', (raw, code, message) => {
    const error = toAuthError(raw);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
  });

  it('words a weak password from the policy message, and an existing user with a way out', () => {
    expect(
      toAuthError({
        code: 'InvalidPasswordException',
        message: 'Password does not conform to policy: it needs a number',
      }).message,
    ).toBe('The password is too weak: it needs a number');
    expect(
      toAuthError({ code: 'UsernameExistsException', message: 'User already exists' }).message,
    ).toContain('already exists');
  });

  it('turns a refused refresh token into SessionExpiredError', () => {
    expect(
      toAuthError({ code: 'NotAuthorizedException', message: 'Refresh Token has been revoked' }),
    ).toBeInstanceOf(SessionExpiredError);
  });
});

describe('passwordProblems', () => {
  it('lists what the pool policy still needs', () => {
    expect(passwordProblems('abc')).toEqual(['at least 8 characters', 'an uppercase letter', 'a number']);
    expect(passwordProblems('Correct-Horse-9')).toEqual([]);
  });
});

describe('safeNext', () => {
  it('keeps same-site paths only', () => {
    expect(safeNext('/blog/edit?id=1')).toBe('/blog/edit?id=1');
    expect(safeNext('https://evil.example')).toBe('/todos');
    expect(safeNext('//evil.example')).toBe('/todos');
    expect(safeNext('/\\evil.example')).toBe('/todos');
    expect(safeNext(null, '/')).toBe('/');
  });
});

describe('storage helpers', () => {
  it('sanitizes upload names into safe, readable keys', () => {
    expect(sanitizeFileName('Sea View (1).JPG')).toBe('sea-view-1.jpg');
    expect(sanitizeFileName('Crème brûlée.png')).toBe('creme-brulee.png');
    expect(sanitizeFileName('../../etc/passwd')).toBe('etc-passwd');
    expect(sanitizeFileName('???')).toBe('file');
  });

  it('maps identity and S3 failures to words, expired credentials to SessionExpiredError', () => {
    expect(toStorageError({ name: 'NotAuthorizedException', message: 'Token expired' })).toBeInstanceOf(
      SessionExpiredError,
    );
    expect(toStorageError({ name: 'ExpiredToken' })).toBeInstanceOf(SessionExpiredError);
    expect(toStorageError({ name: 'AccessDenied', message: 'Access Denied' }).message).toContain('not yours');
  });
});
