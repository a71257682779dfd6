//! `jz lsp`: the language server, synchronous, on stdin/stdout (`lsp-server` + `lsp-types`).
//!
//! Every open document is checked on open, on every change (full text sync) and on save, exactly as `jz check`
//! checks it (`jz_check::load_text`: the unsaved text, with the files it `引用`s read from disk), and the
//! diagnostics of that file are published with their codes and helps. Hover, definition, completion and
//! symbols read the last program that checked without errors (so they keep working while the drafter types a
//! broken line); formatting is `jz fmt`. What each request does is in [`analysis`].

pub mod analysis;

use analysis::{Analysis, LineIndex};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest, Request as _};
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
    let (id, _params) = conn.initialize_start()?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo { name: "jz lsp".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
    };
    conn.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut docs: HashMap<Url, Analysis> = HashMap::new();
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if conn.handle_shutdown(&req)? {
                    return Ok(());
                }
                let resp = handle_request(&docs, req);
                conn.sender.send(Message::Response(resp))?;
            }
            Message::Notification(n) => {
                if let Some(uri) = handle_notification(&mut docs, n) {
                    publish(conn, &docs, &uri)?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

fn publish(conn: &Connection, docs: &HashMap<Url, Analysis>, uri: &Url) -> Result<(), BoxError> {
    let diagnostics = docs.get(uri).map(Analysis::diagnostics).unwrap_or_default();
    let params = PublishDiagnosticsParams { uri: uri.clone(), diagnostics, version: None };
    conn.sender.send(Message::Notification(Notification::new(PublishDiagnostics::METHOD.into(), params)))?;
    Ok(())
}

/// Update the documents; returns the document whose diagnostics must be published.
fn handle_notification(docs: &mut HashMap<Url, Analysis>, n: Notification) -> Option<Url> {
    match n.method.as_str() {
        DidOpenTextDocument::METHOD => {
            let p: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri;
            docs.insert(uri.clone(), Analysis::new(&uri, p.text_document.text, None));
            Some(uri)
        }
        DidChangeTextDocument::METHOD => {
            let p: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri;
            // full sync: the last change holds the whole text
            let text = p.content_changes.into_iter().last()?.text;
            let previous = docs.remove(&uri);
            docs.insert(uri.clone(), Analysis::new(&uri, text, previous));
            Some(uri)
        }
        DidSaveTextDocument::METHOD => {
            let p: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(n.params).ok()?;
            let uri = p.text_document.uri;
            // files it 引用 may have changed on disk: check again
            let previous = docs.remove(&uri)?;
            let text = p.text.unwrap_or_else(|| previous.text.clone());
            docs.insert(uri.clone(), Analysis::new(&uri, text, Some(previous)));
            Some(uri)
        }
        DidCloseTextDocument::METHOD => {
            let p: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params).ok()?;
            docs.remove(&p.text_document.uri);
            None
        }
        _ => None,
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
