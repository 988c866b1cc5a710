/**
 * ipcMain wiring: one handler per contract method (a loop over the table), each refusing callers that
 * are not the app's own top-level frame, then handing the raw arguments to dispatch, which validates them.
 */
import { ipcMain } from 'electron';
import { API_ERRORS, API_METHODS, invokeChannel } from '../../src-shared/api/contract';
import type { Dispatch } from '../api/dispatch';
import { isTrustedSender } from './security';

/** Register the API's handlers; returns a function removing them. */
export function registerIpc(dispatch: Dispatch): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(invokeChannel(method), (event, args: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { kind: API_ERRORS.forbidden, message: `${method} refused: the call did not come from Dense Lab's own page.` } };
      }
      return dispatch(method, args);
    });
  }
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(invokeChannel(method));
  };
}
