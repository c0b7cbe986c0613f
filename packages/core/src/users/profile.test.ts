import { describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../errors';
import { InMemoryUserRepository } from '../testing';
import {
  defaultDisplayName,
  ensureProfile,
  getOrCreateProfile,
  toProfileView,
  updateMyProfile,
} from './profile';

const identity = { userId: 'u-1', email: 'ada.lovelace@example.com' };

describe('defaultDisplayName', () => {
  it('uses the name attribute, cleaned', () => {
    expect(defaultDisplayName('a@example.com', '  Ada \n Lovelace ')).toBe('Ada Lovelace');
  });
  it('falls back to the email local part when there is no (usable) name', () => {
    expect(defaultDisplayName('ada.lovelace@example.com')).toBe('ada.lovelace');
    expect(defaultDisplayName('ada@example.com', '   ')).toBe('ada');
  });
  it('is at most 80 characters', () => {
    expect([...defaultDisplayName('a@example.com', 'x'.repeat(200))]).toHaveLength(80);
  });
});

describe('profiles', () => {
  it('getOrCreateProfile creates once and looks the identity up only when the profile is missing', async () => {
    const users = new InMemoryUserRepository();
    let lookups = 0;
    const identify = async () => {
      lookups += 1;
      return identity;
    };
    const first = await getOrCreateProfile(users, 'u-1', identify);
    const second = await getOrCreateProfile(users, 'u-1', identify);
    expect(first).toEqual(second);
    expect(toProfileView(first)).toEqual({
      userId: 'u-1',
      email: 'ada.lovelace@example.com',
      displayName: 'ada.lovelace',
      createdAt: first.createdAt,
    });
    expect(lookups).toBe(1);
    expect(users.inserts).toBe(1);
  });

  it('the trigger and concurrent GET /me calls still make one row (one stream INSERT)', async () => {
    const users = new InMemoryUserRepository();
    await Promise.all([
      ensureProfile(users, { ...identity, name: 'Ada' }),
      getOrCreateProfile(users, 'u-1', async () => identity),
      getOrCreateProfile(users, 'u-1', async () => identity),
    ]);
    expect(users.inserts).toBe(1);
    expect((await users.get('u-1'))?.displayName).toBe('Ada');
  });

  it('refuses an identity lookup that answers for another user', async () => {
    const users = new InMemoryUserRepository();
    await expect(getOrCreateProfile(users, 'u-2', async () => identity)).rejects.toThrow();
    expect(users.inserts).toBe(0);
  });
});

describe('updateMyProfile', () => {
  const identify = async () => identity;

  it('trims and stores the display name, creating the profile first if needed', async () => {
    const users = new InMemoryUserRepository();
    const updated = await updateMyProfile(users, 'u-1', identify, { displayName: '  Countess Ada  ' });
    expect(updated.displayName).toBe('Countess Ada');
    expect((await users.get('u-1'))?.displayName).toBe('Countess Ada');
  });

  it.each([
    [{}, 'missing'],
    [{ displayName: '' }, 'empty'],
    [{ displayName: '    ' }, 'blank'],
    [{ displayName: 'x'.repeat(81) }, 'too long'],
    [{ displayName: 42 }, 'not a string'],
    [{ displayName: 'Ada', admin: true }, 'unknown key'],
    [{ displayName: 'Ada\u0000' }, 'control character'],
    [undefined, 'no body'],
    [['Ada'], 'an array'],
  ] as [unknown, string][])('rejects %j (%s) with a ValidationError and stores nothing', async (input) => {
    const users = new InMemoryUserRepository();
    const error = await updateMyProfile(users, 'u-1', identify, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe('validation_failed');
    expect(users.inserts).toBe(0);
  });

  it('accepts exactly 80 characters', async () => {
    const users = new InMemoryUserRepository();
    const name = 'é'.repeat(80);
    expect((await updateMyProfile(users, 'u-1', identify, { displayName: name })).displayName).toBe(name);
  });

  it('the repository reports a missing profile as NotFoundError', async () => {
    await expect(new InMemoryUserRepository().updateDisplayName('nobody', 'x')).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
