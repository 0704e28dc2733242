//! Fetching the feed: bounded in time and size, refusing redirects to other sites.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Blob, ReadableStreamByobReader, ReadableStreamDefaultReader, RequestCache,
    RequestCredentials, RequestInit, RequestRedirect, Response,
};

use advocate_core::feed::limits::MAX_FEED_BYTES;
use advocate_core::link;
use advocate_core::sync::{FetchResult, FETCH_TIMEOUT_MS};

/// Calls the global `fetch` (a worker in Chrome, an event page in Firefox).
fn global_fetch(url: &str, init: &RequestInit) -> Result<js_sys::Promise, JsValue> {
    let global = js_sys::global();
    let f: js_sys::Function = Reflect::get(&global, &"fetch".into())?.dyn_into()?;
    f.call2(&global, &url.into(), init)?.dyn_into()
}

fn is_abort(e: &JsValue) -> bool {
    Reflect::get(e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .is_some_and(|n| n == "AbortError")
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "network error".into())
}

/// A fetched feed: what the core decides on, and for a body, the same bytes as a Blob.
pub struct Fetched {
    /// The outcome of the request.
    pub result: FetchResult,
    /// The body, assembled chunk by chunk while it arrived, ready to be stored without a
    /// copy of the whole body on the worker's thread afterwards.
    pub blob: Option<Blob>,
}

/// Fetches `url`. `conditional` headers make it a revalidation; without them the browser's own
/// HTTP cache revalidates (`cache: no-cache`), which needs no CORS preflight. `on_body` runs
/// once a body of acceptable size starts to arrive.
pub async fn fetch_feed(url: &str, conditional: &[(&str, String)], on_body: fn()) -> Fetched {
    let mut parts = Some(js_sys::Array::new());
    let result = fetch_limited(url, conditional, MAX_FEED_BYTES, &mut parts, on_body).await;
    let blob = match (&result, parts) {
        (FetchResult::Body { .. }, Some(parts)) => Blob::new_with_blob_sequence(&parts).ok(),
        _ => None,
    };
    Fetched { result, blob }
}

/// Fetches the feed's detached signature (`FEED.sig`); `None` when there is none to be had.
pub async fn fetch_signature(feed_url: &str) -> Option<String> {
    let url = advocate_core::signature::signature_url(feed_url);
    let limit = advocate_core::signature::MAX_SIGNATURE_BYTES;
    match fetch_limited(&url, &[], limit, &mut None, || {}).await {
        FetchResult::Body { body, .. } => String::from_utf8(body).ok(),
        _ => None,
    }
}

/// Fetches `url`, reading at most `limit` bytes of body (and, with `parts`, keeping each chunk
/// of it as a Blob there). `on_body` runs before the body is read.
async fn fetch_limited(
    url: &str,
    conditional: &[(&str, String)],
    limit: usize,
    parts: &mut Option<js_sys::Array>,
    on_body: fn(),
) -> FetchResult {
    let controller = match AbortController::new() {
        Ok(c) => c,
        Err(e) => {
            return FetchResult::Network {
                detail: describe(&e),
            }
        }
    };
    let signal = controller.signal();
    // Aborts the request *and* the body stream when the time is up: a server that sends
    // headers and then hangs is cut off too.
    let _timeout =
        gloo_timers::callback::Timeout::new(FETCH_TIMEOUT_MS, move || controller.abort());

    let init = RequestInit::new();
    init.set_method("GET");
    init.set_signal(Some(&signal));
    // The feed is public company content: no cookies or credentials go to its host.
    init.set_credentials(RequestCredentials::Omit);
    init.set_redirect(RequestRedirect::Follow);
    let headers = web_sys::Headers::new().ok();
    if let Some(h) = &headers {
        for (name, value) in conditional {
            let _ = h.set(name, value);
        }
        init.set_headers(h);
    }
    init.set_cache(if conditional.is_empty() {
        RequestCache::NoCache
    } else {
        RequestCache::NoStore
    });

    let promise = match global_fetch(url, &init) {
        Ok(p) => p,
        Err(e) => {
            return FetchResult::Network {
                detail: describe(&e),
            }
        }
    };
    let resp: Response = match JsFuture::from(promise).await {
        Ok(r) => r.unchecked_into(),
        Err(e) if is_abort(&e) => return FetchResult::Timeout,
        Err(e) => {
            return FetchResult::Network {
                detail: describe(&e),
            }
        }
    };

    let final_url = resp.url();
    let same_origin = match (link::check_feed_url(url), link::check_feed_url(&final_url)) {
        (Ok(a), Ok(b)) => a.origin() == b.origin(),
        _ => final_url.is_empty() || final_url == url,
    };
    if !same_origin {
        return FetchResult::Redirected { to: final_url };
    }
    let header = |name: &str| resp.headers().get(name).ok().flatten();
    let status = resp.status();
    if status == 304 {
        return FetchResult::NotModified;
    }
    if !(200..300).contains(&status) {
        return FetchResult::Status {
            status,
            retry_after: header("Retry-After"),
        };
    }
    let length = header("Content-Length").and_then(|l| l.trim().parse::<usize>().ok());
    if length.is_some_and(|l| l > limit) {
        return FetchResult::TooLarge;
    }
    let etag = header("ETag");
    let last_modified = header("Last-Modified");
    on_body();
    match read_limited(&resp, limit, length, parts).await {
        Ok(Some(body)) => FetchResult::Body {
            body,
            etag,
            last_modified,
        },
        Ok(None) => FetchResult::TooLarge,
        Err(e) if is_abort(&e) => FetchResult::Timeout,
        Err(e) => FetchResult::Network {
            detail: describe(&e),
        },
    }
}

/// Reads the body chunk by chunk, stopping (and cancelling the stream) once it passes the size
/// limit, so an endless or huge body is never buffered whole. `None` means too large.
/// `length` is the announced `Content-Length`.
/// With `parts`, each chunk is also copied into a Blob as it arrives, while the network is
/// the bottleneck, so that storing the body later costs no copy; a part that cannot be made
/// drops them all (`parts` becomes `None`) and the body is stored from its bytes instead.
async fn read_limited(
    resp: &Response,
    limit: usize,
    length: Option<usize>,
    parts: &mut Option<js_sys::Array>,
) -> Result<Option<Vec<u8>>, JsValue> {
    let Some(stream) = resp.body() else {
        return Ok(Some(Vec::new()));
    };
    let mut body = Body {
        // One allocation of the announced size (at most the limit; a server that sends more
        // or less is still read correctly): growing by doubling copies the body and leaves
        // holes where the new feed is about to be built.
        out: Vec::with_capacity(length.unwrap_or(0).min(limit)),
        limit,
        parts,
    };
    let mut reader = Reader::for_stream(&stream)?;
    loop {
        let Some(bytes) = reader.next().await? else {
            return Ok(Some(body.out));
        };
        if !body.take(&bytes) {
            reader.cancel();
            return Ok(None);
        }
    }
}

/// A body stream's reader. A byte stream (Chromium's fetch bodies) is read into one buffer,
/// used again and again, so that a large feed leaves no garbage for a GC to collect while
/// wasm validates it. Other streams are read chunk by chunk as they come.
enum Reader {
    Bytes(ReadableStreamByobReader, js_sys::ArrayBuffer),
    Chunks(ReadableStreamDefaultReader),
}

impl Reader {
    fn for_stream(stream: &web_sys::ReadableStream) -> Result<Reader, JsValue> {
        Ok(match ReadableStreamByobReader::new(stream) {
            Ok(reader) => Reader::Bytes(reader, js_sys::ArrayBuffer::new(READ_BUFFER_BYTES)),
            Err(_) => Reader::Chunks(stream.get_reader().dyn_into()?),
        })
    }

    /// The next chunk, `None` once the stream is done.
    async fn next(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        let read = match self {
            Reader::Bytes(reader, buffer) => {
                reader.read_with_array_buffer_view(&Uint8Array::new(buffer))
            }
            Reader::Chunks(reader) => reader.read(),
        };
        let chunk = JsFuture::from(read).await?;
        if Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(None);
        }
        let bytes: Uint8Array = Reflect::get(&chunk, &"value".into())?.dyn_into()?;
        if let Reader::Bytes(_, buffer) = self {
            // The buffer was handed to the stream and comes back inside the chunk.
            *buffer = bytes.buffer();
        }
        Ok(Some(bytes))
    }

    /// Stops the download.
    fn cancel(&self) {
        let _ = match self {
            Reader::Bytes(reader, _) => reader.cancel(),
            Reader::Chunks(reader) => reader.cancel(),
        };
    }
}

/// Size of the buffer a byte stream is read into.
const READ_BUFFER_BYTES: u32 = 64 * 1024;

/// A body being read: its bytes so far, and its parts as Blobs.
struct Body<'a> {
    out: Vec<u8>,
    limit: usize,
    parts: &'a mut Option<js_sys::Array>,
}

impl Body<'_> {
    /// Appends a chunk; `false` when it would pass the limit.
    fn take(&mut self, bytes: &Uint8Array) -> bool {
        let len = bytes.length() as usize;
        if self.out.len() + len > self.limit {
            return false;
        }
        let start = self.out.len();
        self.out.resize(start + len, 0);
        bytes.copy_to(&mut self.out[start..]);
        if let Some(list) = self.parts {
            match Blob::new_with_u8_array_sequence(&js_sys::Array::of1(bytes)) {
                Ok(part) => {
                    list.push(&part);
                }
                Err(_) => *self.parts = None,
            }
        }
        true
    }
}
