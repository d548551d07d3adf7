//! The HTTP kit every feature uses: who is asking ([`viewer`]), reading requests in the user's
//! language ([`extract`]), the CSRF check built into the only form extractor ([`csrf`]), the one
//! mapping from service errors to answers ([`status`], [`error`]), problem documents ([`problem`]),
//! the one field-error accumulator ([`fields`]), what every API handler starts from ([`api`]) and
//! every page handler that reads no form ([`page`]), what every API write checks ([`respond`]),
//! what runs around every request ([`around`]), read-your-writes across read replicas ([`floor`]), URL
//! helpers ([`urls`]), the client's address behind trusted proxies ([`proxies`]), the security
//! headers of every answer ([`headers`]), the refusal of an imported file naming every bad row ([`import`]), pages kept rendered and gzipped until the next write
//! ([`remember`]) and the accept loop that bounds slow and idle connections ([`server`]). Imports
//! no feature.

pub mod api;
pub mod around;
pub mod cookies;
pub mod csrf;
pub mod dto;
pub mod encoding;
pub mod error;
pub mod extract;
pub mod fields;
pub mod floor;
pub mod headers;
pub mod holed;
pub mod import;
pub mod kept;
pub mod log;
pub mod page;
pub mod problem;
pub mod proxies;
pub mod remember;
pub mod respond;
pub mod responses;
pub mod server;
pub mod sessions;
pub mod signed_in;
pub mod status;
pub mod urls;
pub mod viewer;

pub use api::Api;
pub use error::{WebError, page_error};
pub use extract::{ClientAddr, Path, Query};
pub use fields::Fields;
pub use page::Page;
pub use remember::Remember;
pub use respond::{ApiResult, PageResult};
pub use viewer::Viewer;
