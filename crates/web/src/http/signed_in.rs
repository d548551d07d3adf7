//! The signed-in viewer of the request being answered, kept for the page of a refusal: a
//! `WebError` becomes its page far from the handler that knew the viewer, and that page must show
//! who is signed in, as every other page does, not a header that says "Iniciar sesión" as if the
//! viewer had been signed out.

use cabildo_i18n::Lang;

use crate::ui::chrome::Chrome;

tokio::task_local! {
    /// The page chrome of the signed-in viewer, once the `Viewer` extractor found them.
    static SIGNED_IN: std::cell::RefCell<Option<Chrome>>;
}

/// Gives a request a place to keep its signed-in viewer (`around::every_request` wraps every
/// route in it).
pub async fn keep<F: std::future::Future>(request: F) -> F::Output {
    SIGNED_IN.scope(std::cell::RefCell::new(None), request).await
}

/// Keeps the signed-in viewer's chrome for this request.
pub fn remember(chrome: Chrome) {
    // Outside `keep` (the extractor called alone) there is nothing to keep it in.
    let _ = SIGNED_IN.try_with(|slot| *slot.borrow_mut() = Some(chrome));
}

/// The chrome of an error page in `lang`: the signed-in viewer's, if this request found one.
pub fn error_chrome(lang: Lang) -> Chrome {
    SIGNED_IN
        .try_with(|slot| slot.borrow().clone())
        .ok()
        .flatten()
        .map_or_else(|| Chrome::bare(lang), |chrome| Chrome { lang, ..chrome })
}
