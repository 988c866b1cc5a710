/** The workspace travels through Svelte context, typed: setWorkspace in App, getWorkspace anywhere below. */
import { createContext } from 'svelte';
import type { Workspace } from './workspace.svelte';

export const [getWorkspace, setWorkspace] = createContext<Workspace>();
