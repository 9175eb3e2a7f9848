// precision-cause: cost — randomBytes(length) where `length` is a property of an object parameter and every caller
// passes a constant of another module: a key of an exported object, or an exported const, through a path alias.
// Seen in dub: createToken({ length: OAUTH_CONFIG.CODE_LENGTH }) and createToken({ length: POSTBACK_SECRET_LENGTH }).
// Fixed: module constants are part of the file's model, a caller's argument names them, and the index reads them.
export const OAUTH_CONFIG = {
  CODE_LIFETIME: 2 * 60,
  CODE_LENGTH: 40,
};
export const SECRET_LENGTH = 24;
export const HUGE = 1 << 30;
