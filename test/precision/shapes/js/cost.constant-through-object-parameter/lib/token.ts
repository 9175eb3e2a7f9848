import { randomBytes } from 'crypto';

export const createToken = ({ length, prefix }: { length: number; prefix?: string }) => {
  return `${prefix || ''}${randomBytes(length).toString('hex')}`; // expect: js/sync-crypto
};
