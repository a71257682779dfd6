// The jingzhun extension: the TextMate grammar does the highlighting; this starts `jz lsp` (diagnostics as you
// type, hover with the article text, go to definition across 引用/细化, completion, symbols, formatting).
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("jingzhun").get("server.path") || "jz";
  // no `transport`: with TransportKind.stdio the client appends `--stdio` to the arguments (jz lsp accepts and
  // ignores it, older builds refuse it); a plain executable talks over stdin/stdout anyway
  const serverOptions = { command, args: ["lsp"] };
  const clientOptions = { documentSelector: [{ scheme: "file", language: "jingzhun" }] };
  client = new LanguageClient("jingzhun", "jingzhun (jz lsp)", serverOptions, clientOptions);
  client.start().catch((e) => {
    vscode.window.showErrorMessage(
      `jingzhun: cannot start \`${command} lsp\` (${e.message}); install jz or set jingzhun.server.path`
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
