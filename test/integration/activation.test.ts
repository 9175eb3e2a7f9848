import * as assert from 'assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor } from './helpers';
import { report } from './index';

describe('activation', () => {
  it('activates in the real editor and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const api = await waitFor('activation', () => (extension.isActive ? extension.exports : undefined));
    assert.ok(typeof api.activationMillis === 'number' && api.activationMillis >= 0);
    report(`activate() took ${api.activationMillis.toFixed(1)} ms`);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['unblock.scanWorkspace', 'unblock.showRuleDocs']) assert.ok(commands.includes(id), `command ${id} missing`);
  });
});
