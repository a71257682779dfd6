//! `jz lsp` driven as an editor drives it: JSON-RPC with `Content-Length` framing over the real binary's
//! stdin/stdout. A drafter opens the county's 实施意见: no errors; types a mistake: the same codes and helps as
//! `jz check`; hovers a citation: the article's text from `source.txt`; jumps from the county's `例外` and `设定`
//! into the province's file; completes; formats; the server shuts down cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, reason = "tests fail loudly")]

mod common;

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: mpsc::Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for responses.
    notes: Vec<Value>,
}

fn read_message(r: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Client {
    fn start() -> Client {
        Client::start_with(&["lsp"])
    }

    fn start_with(args: &[&str]) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_jz"))
            .args(args)
            .current_dir(common::root())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start jz lsp");
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(m) = read_message(&mut stdout) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client { child, stdin, rx, next_id: 1, notes: Vec::new() }
    }

    fn send(&mut self, v: &Value) {
        let body = serde_json::to_string(v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn recv(&mut self) -> Value {
        self.rx.recv_timeout(Duration::from_secs(60)).expect("jz lsp answered within a minute")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.recv();
            if m["id"] == json!(id) {
                assert!(m.get("error").is_none() || m["error"].is_null(), "{method} failed: {m}");
                return m["result"].clone();
            }
            self.notes.push(m);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_it = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        if let Some(k) = self.notes.iter().position(is_it) {
            let m = self.notes.remove(k);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.recv();
            if is_it(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.notes.push(m);
        }
    }
}

fn uri_of(path: &std::path::Path) -> String {
    let p = path.canonicalize().unwrap();
    // percent-encode what a file URL must (the paths here are ASCII directories and CJK names)
    let mut out = String::from("file://");
    for b in p.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The LSP position (UTF-16) of the first occurrence of `needle` in `text`, `into` characters in.
fn pos(text: &str, needle: &str, into: usize) -> Value {
    let at = text.find(needle).unwrap_or_else(|| panic!("`{needle}` is in the text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let col: usize = text[line_start..at].chars().map(char::len_utf16).sum::<usize>() + into;
    json!({"line": line, "character": col})
}

fn hover_text(v: &Value) -> String {
    v["contents"]["value"].as_str().unwrap_or_default().to_string()
}

#[test]
fn an_editor_session_on_the_county_policy() {
    let root = common::root().canonicalize().unwrap();
    let county = root.join("policies/counties/安平县/main.jz");
    let text = std::fs::read_to_string(&county).unwrap();
    let uri = uri_of(&county);
    let mut c = Client::start();
    let init = c.request("initialize", json!({"processId": null, "rootUri": uri_of(&root), "capabilities": {}}));
    let caps = &init["capabilities"];
    for cap in ["hoverProvider", "definitionProvider", "documentSymbolProvider", "documentFormattingProvider"] {
        assert_eq!(caps[cap], json!(true), "{cap} in {caps}");
    }
    c.notify("initialized", json!({}));

    // open: the county checks without errors
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "jingzhun", "version": 1, "text": text}}),
    );
    let diags = c.diagnostics(&uri);
    assert!(diags.iter().all(|d| d["severity"] != json!(1)), "errors on the county as written: {diags:?}");

    // a mistake typed: the same code, message and help as `jz check` on the same text
    let broken = format!("{text}\n定义 坏 = 丝网行业 且 不存在的名字\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": broken}]}),
    );
    let diags = c.diagnostics(&uri);
    let errors: Vec<&Value> = diags.iter().filter(|d| d["severity"] == json!(1)).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    let e = errors[0];
    let last_line = broken.trim_end().matches('\n').count();
    assert_eq!(e["range"]["start"]["line"], json!(last_line), "{e}");
    let scratch_dir = common::scratch("lsp", "county");
    std::fs::create_dir_all(&scratch_dir).unwrap();
    let scratch = scratch_dir.join("main.jz");
    let hebei = root.join("policies/hebei/main.jz");
    std::fs::write(&scratch, broken.replace("\"../../hebei/main.jz\"", &format!("\"{}\"", hebei.display()))).unwrap();
    let (code, _, stderr) = common::jz(&["check", common::p(&scratch)]);
    assert_eq!(code, 1);
    let ecode = e["code"].as_str().unwrap();
    let message = e["message"].as_str().unwrap();
    let (first, help) = message.split_once("\nhelp: ").expect("the help is in the message");
    assert!(stderr.contains(&format!("error[{ecode}]: {first}")), "jz check said:\n{stderr}\nlsp said: {message}");
    assert!(stderr.contains(help.lines().next().unwrap()), "jz check said:\n{stderr}\nlsp said: {message}");

    // back to the text as written: the error is gone
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": text}]}),
    );
    assert!(c.diagnostics(&uri).iter().all(|d| d["severity"] != json!(1)));

    let at = |needle: &str, into: usize| json!({"textDocument": {"uri": uri}, "position": pos(&text, needle, into)});

    // hover on a provincial citation: the article of the province's source.txt
    let h = c.request("textDocument/hover", at("\"三（四）\"", 2));
    let shown = hover_text(&h);
    let hebei_source = std::fs::read_to_string(root.join("policies/hebei/source.txt")).unwrap();
    let article = hebei_source.split("§ 三（四）").nth(1).unwrap().lines().nth(1).unwrap();
    assert!(shown.contains("三（四）") && shown.contains(article), "hover on 三（四）: {shown}");
    // … and on the county's own citation: the county's source.txt
    let h = c.request("textDocument/hover", at("\"安平县实施意见第二条\"", 3));
    assert!(hover_text(&h).contains("丝网产业集群分类施策"), "{h}");

    // hover on a parameter the county sets: its range and that it is open
    let h = c.request("textDocument/hover", at("设定 锅炉淘汰上限", 4));
    let shown = hover_text(&h);
    assert!(shown.contains("开放") && shown.contains("[10, 35]") && shown.contains("设定"), "{shown}");

    // hover on a decision: its type, default and rules with their citations
    let h = c.request("textDocument/hover", at("补充 判定 应急减排措施", 7));
    let shown = hover_text(&h);
    assert!(shown.contains("判定 应急减排措施: 减排措施 默认 无") && shown.contains("战略新兴不简单停产"), "{shown}");

    // definition: the province's rule a county exception names, and the parameter a 设定 sets
    let line_of = |loc: &Value| -> (String, String) {
        let path = loc["uri"].as_str().unwrap().to_string();
        let file = if path.ends_with("hebei/main.jz") { &hebei } else { &county };
        let src = std::fs::read_to_string(file).unwrap();
        let l = loc["range"]["start"]["line"].as_u64().unwrap() as usize;
        (path, src.lines().nth(l).unwrap().to_string())
    };
    let d = c.request("textDocument/definition", at("例外 战略新兴不简单停产", 4));
    let (path, line) = line_of(&d[0]);
    assert!(path.ends_with("policies/hebei/main.jz"), "{d}");
    assert!(line.contains("规则 战略新兴不简单停产"), "{line}");
    let d = c.request("textDocument/definition", at("设定 锅炉淘汰上限", 4));
    let (path, line) = line_of(&d[0]);
    assert!(path.ends_with("policies/hebei/main.jz") && line.starts_with("参数 锅炉淘汰上限"), "{path}: {line}");
    // a 补充'd decision: its declaration (六保意见), then the province's 补充s
    let d = c.request("textDocument/definition", at("补充 判定 应急减排措施", 7));
    let files: Vec<&str> = d.as_array().unwrap().iter().map(|l| l["uri"].as_str().unwrap()).collect();
    assert!(files[0].ends_with("policies/mee/liubao.jz"), "{files:?}");
    assert!(files.iter().any(|f| f.ends_with("policies/hebei/main.jz")), "{files:?}");

    // completion: names, enum variants, fields, keywords in both spellings
    let items = c.request("textDocument/completion", at("当 丝网园区达标减排适用", 2));
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    for want in ["应急减排措施", "丝网园区达标企业", "橙色", "行业代码", "锅炉淘汰上限", "补充", "extend", "且", "and"]
    {
        assert!(labels.contains(&want), "completion lacks {want}");
    }

    // symbols of the file
    let syms = c.request("textDocument/documentSymbol", json!({"textDocument": {"uri": uri}}));
    let names: Vec<&str> = syms.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"丝网行业") && names.contains(&"应急减排措施"), "{names:?}");

    // formatting: an untidy line comes back in jz fmt's layout
    let untidy = format!("{text}\n定义   整理后  =最小( 锅炉淘汰上限 ，30 [t/h] )\n");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": untidy}]}),
    );
    c.diagnostics(&uri);
    let edits = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": true}}),
    );
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let new_text = edits[0]["newText"].as_str().unwrap();
    assert!(new_text.ends_with("定义 整理后 = 最小(锅炉淘汰上限, 30 [t/h])\n"), "{new_text}");

    // shutdown and exit: the process ends with 0
    let r = c.request("shutdown", Value::Null);
    assert!(r.is_null());
    c.notify("exit", Value::Null);
    let status = c.child.wait().unwrap();
    assert!(status.success(), "{status}");
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

impl Client {
    /// The next message from the server with this method (a request or notification).
    fn next_with_method(&mut self, method: &str) -> Value {
        if let Some(k) = self.notes.iter().position(|m| m["method"] == method) {
            return self.notes.remove(k);
        }
        loop {
            let m = self.recv();
            if m["method"] == method {
                return m;
            }
            self.notes.push(m);
        }
    }
}

/// The line (0-based) of the first line of `text` containing `needle`.
fn line_with(text: &str, needle: &str) -> u64 {
    text.lines().position(|l| l.contains(needle)).unwrap_or_else(|| panic!("`{needle}` is in the text")) as u64
}

#[test]
fn an_error_in_the_province_is_shown_in_its_file_and_on_the_county_use_and_rechecked_on_change_and_save() {
    let tree = common::scratch("lsp", "tree");
    let _ = std::fs::remove_dir_all(&tree);
    copy_tree(&common::root().join("policies"), &tree.join("policies"));
    let county = tree.join("policies/counties/安平县/main.jz");
    let hebei = tree.join("policies/hebei/main.jz");
    let county_text = std::fs::read_to_string(&county).unwrap();
    let hebei_text = std::fs::read_to_string(&hebei).unwrap();
    let (county_uri, hebei_uri) = (uri_of(&county), uri_of(&hebei));
    let errors = |d: &[Value]| d.iter().filter(|d| d["severity"] == json!(1)).cloned().collect::<Vec<Value>>();

    // as VS Code's client starts it (`--stdio` is accepted and ignored)
    let mut c = Client::start_with(&["lsp", "--stdio"]);
    let caps = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    c.request("initialize", json!({"processId": null, "rootUri": uri_of(&tree), "capabilities": caps}));
    c.notify("initialized", json!({}));
    // the server asks to hear about changed .jz files
    let reg = c.next_with_method("client/registerCapability");
    let r = &reg["params"]["registrations"][0];
    assert_eq!(r["method"], "workspace/didChangeWatchedFiles", "{reg}");
    assert_eq!(r["registerOptions"]["watchers"][0]["globPattern"], "**/*.jz", "{reg}");
    c.send(&json!({"jsonrpc": "2.0", "id": reg["id"], "result": null}));

    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": county_uri, "languageId": "jingzhun", "version": 1, "text": county_text}}),
    );
    assert!(errors(&c.diagnostics(&county_uri)).is_empty());

    // the province's file gets a mistake on disk (another editor, git checkout); the client reports the change
    let broken = format!("{hebei_text}\n定义 省里写错 = 不存在的名字\n");
    std::fs::write(&hebei, &broken).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": hebei_uri, "type": 2}]}));
    let bad_line = line_with(&broken, "定义 省里写错");
    // in the county: on its 引用 of the province, pointing at the real place
    let here = errors(&c.diagnostics(&county_uri));
    assert_eq!(here.len(), 1, "{here:?}");
    let use_line = line_with(&county_text, "引用 \"../../hebei/main.jz\"");
    assert_eq!(here[0]["range"]["start"]["line"], json!(use_line), "{}", here[0]);
    let message = here[0]["message"].as_str().unwrap();
    assert!(message.starts_with(&format!("in ../../hebei/main.jz:{}: ", bad_line + 1)), "{message}");
    let related = &here[0]["relatedInformation"][0]["location"];
    assert_eq!(related["uri"], json!(hebei_uri), "{}", here[0]);
    assert_eq!(related["range"]["start"]["line"], json!(bad_line), "{}", here[0]);
    // in the province's file, which is not open: at its real place, with the same code
    let there = errors(&c.diagnostics(&hebei_uri));
    assert_eq!(there.len(), 1, "{there:?}");
    assert_eq!(there[0]["range"]["start"]["line"], json!(bad_line), "{}", there[0]);
    assert_eq!(there[0]["code"], here[0]["code"]);
    let col = broken.lines().nth(bad_line as usize).unwrap().find("不存在的名字").unwrap();
    let col16 = broken.lines().nth(bad_line as usize).unwrap()[..col].chars().map(char::len_utf16).sum::<usize>();
    assert_eq!(there[0]["range"]["start"]["character"], json!(col16), "{}", there[0]);

    // the drafter opens the province's file: its own check is shown there
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": hebei_uri, "languageId": "jingzhun", "version": 1, "text": broken}}),
    );
    assert_eq!(errors(&c.diagnostics(&hebei_uri)).len(), 1);
    // fixes it and saves: both files are checked again, the county is clean
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": hebei_uri, "version": 2}, "contentChanges": [{"text": hebei_text}]}),
    );
    assert!(errors(&c.diagnostics(&hebei_uri)).is_empty());
    std::fs::write(&hebei, &hebei_text).unwrap();
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": hebei_uri}}));
    assert!(errors(&c.diagnostics(&hebei_uri)).is_empty());
    let county_now = c.diagnostics(&county_uri);
    assert!(errors(&county_now).is_empty(), "{county_now:?}");

    c.request("shutdown", Value::Null);
    c.notify("exit", Value::Null);
    assert!(c.child.wait().unwrap().success());
}
