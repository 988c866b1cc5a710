/**
 * Dispatch: the single place where a call from any transport (Electron IPC, the browser bridge, tests)
 * is checked and routed. Unknown method → 'api/unknown-method'; arguments failing the contract's
 * validator → 'api/invalid-argument' naming the argument; anything a handler throws → a typed error
 * (never a stack trace across the boundary). Always resolves to a Result.
 */
import { API_ERRORS, apiValidators, isApiMethod, type ApiMethodName } from '../../src-shared/api';
import { AppFailure, err, errorDetail, type Result } from '../../src-shared/result';
import type { Validator } from '../../src-shared/api/validate';
import type { ApiHandlers } from './handlers';

export type Dispatch = (method: unknown, args: unknown) => Promise<Result<unknown>>;

/** A dispatch function over `handlers`. `onInternalError` sees unexpected exceptions (for main's log). */
export function createDispatch(handlers: ApiHandlers, onInternalError: (method: string, error: unknown) => void = () => undefined): Dispatch {
  return async (method, args) => {
    if (!isApiMethod(method)) {
      const shown = typeof method === 'string' ? `'${method.slice(0, 80)}'` : `a ${typeof method}`;
      return err({ kind: API_ERRORS.unknownMethod, message: `Dense Lab has no API method ${shown}.`, path: 'method' });
    }
    const validator = apiValidators[method] as Validator<unknown>;
    const checked = validator(args, 'args');
    if (!checked.ok) return checked;
    try {
      const handler = handlers[method] as (a: unknown) => Promise<Result<unknown>>;
      return await handler(checked.value);
    } catch (e) {
      if (e instanceof AppFailure) return err(e.error);
      onInternalError(method, e);
      return err({ kind: API_ERRORS.internal, message: `${method} failed unexpectedly (a bug in Dense Lab; see Details).`, detail: errorDetail(e) });
    }
  };
}

/** The names dispatch routes (the contract's table), for transports that register one handler per method. */
export type { ApiMethodName };
