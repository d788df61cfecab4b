/**
 * The renderer's only door to the core: `invoke(name, input)`, a progress subscription, the office
 * database's change announcements, and a checked external-link opener. Raw ipcRenderer is never exposed. Bundled whole (sandboxed).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

contextBridge.exposeInMainWorld('stepwise', {
  invoke: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke('stepwise:invoke', name, input),
  onProgress: (listener: (event: unknown) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('stepwise:progress', wrapped);
    return () => ipcRenderer.removeListener('stepwise:progress', wrapped);
  },
  onChanged: (listener: (change: unknown) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('stepwise:changed', wrapped);
    return () => ipcRenderer.removeListener('stepwise:changed', wrapped);
  },
  openExternal: (url: string): Promise<boolean> => ipcRenderer.invoke('stepwise:open-external', url),
});
