//! Requests to the application in process (no sockets: `tower::ServiceExt::oneshot` on the
//! router): who sends them ([`Who`]), a request being made ([`Req`]), and what comes back
//! ([`Reply`]).

use axum::body::{Body, Bytes, to_bytes};
use axum::http::{HeaderMap, Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;

use super::TestApp;

/// Who sends a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who<'a> {
    /// Nobody signed in: no session cookie, no token.
    Anonymous,
    /// An account of the app, by username: its session cookie on pages ([`Req::by`]), its bearer
    /// token on the API ([`Req::token`], [`TestApp::api`]).
    User(&'a str),
    /// A bearer token as given (a forged one, or one the test made).
    Token(&'a str),
}

impl<'a> From<&'a str> for Who<'a> {
    fn from(username: &'a str) -> Self {
        Who::User(username)
    }
}

/// An answer: status, headers, and the body as text and as sent.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
    /// The body as sent (compressed when the request accepted gzip).
    pub bytes: Bytes,
}

impl Reply {
    /// The body as JSON; `null` when empty or not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }

    /// The content type; empty when none.
    pub fn content_type(&self) -> &str {
        self.headers.get(header::CONTENT_TYPE).map_or("", |v| v.to_str().unwrap())
    }

    /// The cookie `name` the answer sets, as a request sends it back (`name=value`).
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{name}=")))
            .map(|v| v.split(';').next().unwrap_or_default().to_string())
    }

    /// The CSRF token of the first form of a page.
    pub fn csrf(&self) -> String {
        let field = self.body.split("name=\"csrf\" value=\"").nth(1);
        field.unwrap_or_else(|| panic!("no CSRF field: {}", self.body)).split('"').next().unwrap().to_string()
    }
}

/// A request being made; [`Req::send`] sends it. Made by [`TestApp::request`].
pub struct Req<'a> {
    app: &'a TestApp,
    request: axum::http::request::Builder,
    cookies: Vec<String>,
    body: Body,
}

impl<'a> Req<'a> {
    pub(super) fn new(app: &'a TestApp, method: &str, path: &str) -> Req<'a> {
        Req { app, request: Request::builder().method(method).uri(path), cookies: Vec::new(), body: Body::empty() }
    }

    /// Sent as a browser of `who` would: with the user's session cookie (a token, as a bearer).
    pub fn by<'w>(self, who: impl Into<Who<'w>>) -> Self {
        match who.into() {
            Who::Anonymous => self,
            Who::User(username) => {
                let cookie = self.app.cookie(username).to_string();
                self.cookie(&cookie)
            }
            Who::Token(token) => self.header(header::AUTHORIZATION, format!("Bearer {token}")),
        }
    }

    /// Sent as an API client of `who` would: with the user's bearer token (or the token given).
    pub fn token<'w>(self, who: impl Into<Who<'w>>) -> Self {
        match who.into() {
            Who::Anonymous => self,
            Who::User(username) => {
                let token = self.app.token(username).to_string();
                self.header(header::AUTHORIZATION, format!("Bearer {token}"))
            }
            Who::Token(token) => self.header(header::AUTHORIZATION, format!("Bearer {token}")),
        }
    }

    /// A cookie (`name=value`), besides any other.
    pub fn cookie(mut self, cookie: &str) -> Self {
        self.cookies.push(cookie.to_string());
        self
    }

    /// The language the viewer chose (the `cabildo_lang` cookie the language switch sets).
    pub fn lang(self, lang: &str) -> Self {
        self.cookie(&format!("cabildo_lang={lang}"))
    }

    /// Sent over a connection from `peer` (as a server learns it from the socket; without it
    /// the application does not know the client's address).
    pub fn peer_at(mut self, peer: &str) -> Self {
        let peer: std::net::SocketAddr = peer.parse().unwrap();
        self.request = self.request.extension(axum::extract::ConnectInfo(peer));
        self
    }

    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        self.request = self.request.header(name.as_ref(), value.as_ref());
        self
    }

    /// A form as a page posts it (`application/x-www-form-urlencoded`), exactly as given.
    pub fn form(self, form: &str) -> Self {
        self.body("application/x-www-form-urlencoded", form)
    }

    pub fn json(self, value: &Value) -> Self {
        self.body("application/json", value.to_string())
    }

    pub fn body(mut self, content_type: &str, body: impl Into<String>) -> Self {
        self.request = self.request.header(header::CONTENT_TYPE, content_type);
        self.body = Body::from(body.into());
        self
    }

    /// A body of bytes that need not be text (an uploaded photo).
    pub fn bytes(mut self, content_type: &str, body: Vec<u8>) -> Self {
        self.request = self.request.header(header::CONTENT_TYPE, content_type);
        self.body = Body::from(body);
        self
    }

    pub fn build(self) -> Request<Body> {
        let mut request = self.request;
        if !self.cookies.is_empty() {
            request = request.header(header::COOKIE, self.cookies.join("; "));
        }
        request.body(self.body).unwrap()
    }

    pub async fn send(self) -> Reply {
        let app = self.app;
        call(app, self.build()).await
    }

    /// Sends an API request: the status and the body as JSON (`null` when empty or not JSON).
    /// Every refusal must be served as a problem document with its status.
    pub async fn api(self) -> (StatusCode, Value) {
        let reply = self.send().await;
        let value = reply.json();
        if reply.status.is_client_error() || reply.status.is_server_error() {
            assert_eq!(reply.content_type(), "application/problem+json", "{}: {value}", reply.status);
            assert_eq!(value["status"], reply.status.as_u16(), "{value}");
        }
        (reply.status, value)
    }
}

/// Sends a request to the application in process.
pub async fn call(app: &TestApp, request: Request<Body>) -> Reply {
    let response = cabildo_web::router(app.state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = to_bytes(response.into_body(), 10 << 20).await.unwrap();
    Reply { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes }
}
