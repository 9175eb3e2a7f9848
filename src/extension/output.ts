import * as vscode from 'vscode';

/** The "Unblock" output channel: timings and errors, one line each; the language client logs here too. */
export class Output implements vscode.Disposable {
  readonly channel = vscode.window.createOutputChannel('Unblock');

  info(message: string): void {
    this.channel.appendLine(`[${new Date().toISOString()}] ${message}`);
  }

  timing(what: string, millis: number): void {
    this.info(`${what} in ${millis} ms`);
  }

  error(what: string, error: unknown): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.info(`ERROR ${what}: ${text}`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
