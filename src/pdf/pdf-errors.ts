import { DomainError } from '../common/errors/domain-error';

export const busy = (retryAfterSeconds: number) =>
  new DomainError(
    'SERVICE_UNAVAILABLE',
    `The printer is busy with other documents. Please try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
    undefined,
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const renderTimedOut = (ms: number) =>
  new DomainError(
    'SERVICE_UNAVAILABLE',
    `The document took longer than ${ms < 10_000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s to print and was stopped. Please try again.`,
    undefined,
    {
      'Retry-After': '5',
    },
  );

export const browserFailed = () =>
  new DomainError('SERVICE_UNAVAILABLE', 'The printer (Chromium) stopped while printing this document. Please try again.', undefined, {
    'Retry-After': '5',
  });

export const browserUnavailable = () =>
  new DomainError(
    'SERVICE_UNAVAILABLE',
    'The printer (Chromium) could not be started just now. Please try again in a few seconds.',
    undefined,
    {
      'Retry-After': '5',
    },
  );
