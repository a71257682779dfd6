//! `jz lsp`: the language server, synchronous, on stdin/stdout (`lsp-server` + `lsp-types`).
//!
//! Every open document is checked on open, on every change (full text sync) and on save, exactly as `jz check`
//! checks it (`jz_check::load_text`: the unsaved text, with the files it `引用`s read from disk), and the
//! diagnostics are published with their codes and helps: the document's own, and those in the files it brings
//! in at their real places (in that file, plus a pointer on the `引用` here). When a file changes on disk — an
//! open document is saved, or the client reports a watched `.jz` file (`workspace/didChangeWatchedFiles`,
//! registered when the client allows it) — the open documents that bring it in are checked again. Hover, definition, completion and
//! symbols read the last program that checked without errors (so they keep working while the drafter types a
//! broken line); formatting is `jz fmt`. What each request does is in [`analysis`].

pub mod analysis;

use analysis::{Analysis, LineIndex};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, RegisterCapability, Request as _,
};
use lsp_types::{
    CompletionOptions, HoverProviderCapability, InitializeResult, OneOf, PublishDiagnosticsParams, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    Url,
};
use std::collections::HashMap;

/// Run the server until the client says `exit`. Returns the process exit code.
pub fn run() -> u8 {
    let (conn, io) = Connection::stdio();
    let code = match serve(&conn) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: jz lsp: {e}");
            1
        }
    };
    drop(conn);
    if let Err(e) = io.join() {
        eprintln!("error: jz lsp: {e}");
        return 1;
    }
    code
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::FULL),
            save: Some(TextDocumentSyncSaveOptions::Supported(true)),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into()]),
            ..Default::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..Default::default()
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn serve(conn: &Connection) -> Result<(), BoxError> {
    let (id, params) = conn.initialize_start()?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo { name: "jz lsp".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    conn.initialize_finish(id, serde_json::to_value(result)?)?;
    let watch = params
        .pointer("/capabilities/workspace/didChangeWatchedFiles/dynamicRegistration")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    if watch {
        register_watcher(conn)?;
    }
    let mut server = Server { docs: HashMap::new(), published: HashMap::new() };
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                let resp = handle_request(&server.docs, req);
                conn.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) => {
                let checked = server.notification(n);
                server.publish(conn, &checked)?;
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// Ask the client to tell the server when a `.jz` file changes on disk (a file an open document brings in).
fn register_watcher(conn: &Connection) -> Result<(), BoxError> {
    let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
        watchers: vec![lsp_types::FileSystemWatcher {
            glob_pattern: lsp_types::GlobPattern::String("**/*.jz".into()),
            kind: None,
        }],
    };
    let params = lsp_types::RegistrationParams {
        registrations: vec![lsp_types::Registration {
            id: "jz-watch".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: Some(serde_json::to_value(options)?),
        }],
    };
    let req = Request::new(RequestId::from("jz-watch".to_string()), RegisterCapability::METHOD.into(), params);
    conn.sender.send(Message::Request(req))?;
    Ok(())
}

struct Server {
    docs: HashMap<Url, Analysis>,
    /// What was last published for each file (open documents and files they bring in).
    published: HashMap<Url, Vec<lsp_types::Diagnostic>>,
}

impl Server {
    /// Update the documents; returns the documents that were checked again.
    fn notification(&mut self, n: Notification) -> Vec<Url> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                self.docs.insert(uri.clone(), Analysis::new(&uri, p.text_document.text, None));
                vec![uri]
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                // full sync: the last change holds the whole text
                let Some(change) = p.content_changes.into_iter().last() else { return Vec::new() };
                let previous = self.docs.remove(&uri);
                self.docs.insert(uri.clone(), Analysis::new(&uri, change.text, previous));
                vec![uri]
            }
            DidSaveTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidSaveTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                let uri = p.text_document.uri;
                let mut again = Vec::new();
                if let Some(previous) = self.docs.remove(&uri) {
                    let text = p.text.unwrap_or_else(|| previous.text.clone());
                    self.docs.insert(uri.clone(), Analysis::new(&uri, text, Some(previous)));
                    again.push(uri.clone());
                }
                // the saved file is now what the documents that bring it in read from disk
                again.extend(self.recheck_dependents(&[uri], false));
                again
            }
            DidChangeWatchedFiles::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidChangeWatchedFilesParams>(n.params) else {
                    return Vec::new();
                };
                // a created or deleted file may be one a `引用` names: check every open document then
                let all = p.changes.iter().any(|c| c.typ != lsp_types::FileChangeType::CHANGED);
                let uris: Vec<Url> = p.changes.into_iter().map(|c| c.uri).collect();
                self.recheck_dependents(&uris, all)
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params) else {
                    return Vec::new();
                };
                self.docs.remove(&p.text_document.uri);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// Check again, from disk, the open documents other than `changed` that bring in one of the `changed` files
    /// (every open document when `all`).
    fn recheck_dependents(&mut self, changed: &[Url], all: bool) -> Vec<Url> {
        let paths: Vec<std::path::PathBuf> = changed.iter().filter_map(|u| u.to_file_path().ok()).collect();
        let stale: Vec<Url> = self
            .docs
            .iter()
            .filter(|(u, a)| !changed.contains(u) && (all || paths.iter().any(|p| a.depends_on(p))))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in &stale {
            if let Some(previous) = self.docs.remove(uri) {
                let text = previous.text.clone();
                self.docs.insert(uri.clone(), Analysis::new(uri, text, Some(previous)));
            }
        }
        stale
    }

    /// Publish the diagnostics of every file: always for the documents just checked, otherwise when they
    /// changed. An open document shows its own check; a file that is not open shows what the checks of the open
    /// documents that bring it in found there.
    fn publish(&mut self, conn: &Connection, checked: &[Url]) -> Result<(), BoxError> {
        let mut now: HashMap<Url, Vec<lsp_types::Diagnostic>> = HashMap::new();
        for (uri, a) in &self.docs {
            for (file, diags) in a.diagnostics() {
                if file == *uri {
                    now.insert(file, diags);
                } else if !self.docs.contains_key(&file) {
                    let v = now.entry(file).or_default();
                    for d in diags {
                        if !v.contains(&d) {
                            v.push(d);
                        }
                    }
                }
            }
        }
        let mut uris: Vec<Url> = now.keys().chain(self.published.keys()).cloned().collect();
        uris.sort();
        uris.dedup();
        for uri in uris {
            let diagnostics = now.remove(&uri).unwrap_or_default();
            let before = self.published.get(&uri);
            if !checked.contains(&uri) && before.map_or(diagnostics.is_empty(), |b| *b == diagnostics) {
                continue;
            }
            let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics: diagnostics.clone(), version: None };
            conn.sender.send(Message::Notification(Notification::new(PublishDiagnostics::METHOD.into(), params)))?;
            if diagnostics.is_empty() {
                self.published.remove(&uri);
            } else {
                self.published.insert(uri, diagnostics);
            }
        }
        Ok(())
    }
}

fn handle_request(docs: &HashMap<Url, Analysis>, req: Request) -> Response {
    let id = req.id.clone();
    match dispatch(docs, req) {
        Ok(v) => Response { id, result: Some(v), error: None },
        Err((code, message)) => Response::new_err(id, code, message),
    }
}

const INVALID_PARAMS: i32 = -32602;
const METHOD_NOT_FOUND: i32 = -32601;

fn params<P: serde::de::DeserializeOwned>(req: Request) -> Result<P, (i32, String)> {
    serde_json::from_value(req.params).map_err(|e| (INVALID_PARAMS, format!("invalid params: {e}")))
}

fn json<T: serde::Serialize>(v: T) -> Result<serde_json::Value, (i32, String)> {
    serde_json::to_value(v).map_err(|e| (INVALID_PARAMS, e.to_string()))
}

fn dispatch(docs: &HashMap<Url, Analysis>, req: Request) -> Result<serde_json::Value, (i32, String)> {
    let doc = |uri: &Url| docs.get(uri).ok_or((INVALID_PARAMS, format!("`{uri}` is not open")));
    match req.method.as_str() {
        HoverRequest::METHOD => {
            let p: lsp_types::HoverParams = params(req)?;
            let pos = p.text_document_position_params;
            let a = doc(&pos.text_document.uri)?;
            json(a.hover(LineIndex::new(&a.text).offset(&a.text, pos.position)))
        }
        GotoDefinition::METHOD => {
            let p: lsp_types::GotoDefinitionParams = params(req)?;
            let pos = p.text_document_position_params;
            let a = doc(&pos.text_document.uri)?;
            let loc = a.definition(LineIndex::new(&a.text).offset(&a.text, pos.position));
            json(lsp_types::GotoDefinitionResponse::Array(loc))
        }
        Completion::METHOD => {
            let p: lsp_types::CompletionParams = params(req)?;
            let a = doc(&p.text_document_position.text_document.uri)?;
            json(lsp_types::CompletionResponse::Array(a.completion()))
        }
        DocumentSymbolRequest::METHOD => {
            let p: lsp_types::DocumentSymbolParams = params(req)?;
            let a = doc(&p.text_document.uri)?;
            json(lsp_types::DocumentSymbolResponse::Nested(a.symbols()))
        }
        Formatting::METHOD => {
            let p: lsp_types::DocumentFormattingParams = params(req)?;
            let a = doc(&p.text_document.uri)?;
            json(a.formatting())
        }
        m => Err((METHOD_NOT_FOUND, format!("`{m}` is not supported by jz lsp"))),
    }
}

#[doc(hidden)]
pub fn _request_id(n: i32) -> RequestId {
    RequestId::from(n)
}
