//! The report's chart, drawn on the server as SVG (no JavaScript): one bar per kind of income and
//! per purpose of expense, scaled to the largest, with its amount written beside it.

use cabildo_i18n::{Lang, tr};
use cabildo_services::ledger::Report;

use crate::ui::text::name;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The bars of `report`: income in green, expenses in red.
pub(super) fn bars(lang: Lang, report: &Report) -> String {
    let mut items: Vec<(String, i64, bool)> = Vec::new();
    for (account, amount) in &report.income {
        items.push((name(&lang, "ledger-account", account.code().replace(':', "-")), amount.0, true));
    }
    for (purpose, amount) in &report.expenses {
        items.push((name(&lang, "ledger-purpose", purpose.code()), amount.0, false));
    }
    let title = tr(lang, "ledger-chart-title", &[("period", report.period.label())]);
    if items.is_empty() {
        return String::new();
    }
    let max = items.iter().map(|(_, a, _)| a.unsigned_abs()).max().unwrap_or(1).max(1);
    let row = 34;
    let height = row * items.len() + 10;
    let mut svg = format!(
        "<svg class=\"chart\" viewBox=\"0 0 320 {height}\" width=\"100%\" role=\"img\" aria-labelledby=\"chart-title\" \
         xmlns=\"http://www.w3.org/2000/svg\"><title id=\"chart-title\">{}</title>",
        escape(&title)
    );
    for (i, (label, amount, income)) in items.iter().enumerate() {
        let y = i * row + 4;
        let width = (amount.unsigned_abs() * 300 / max).max(1);
        let colour = if *income { "#2e7d32" } else { "#c62828" };
        svg.push_str(&format!(
            "<text x=\"0\" y=\"{}\" font-size=\"11\">{} · {}</text><rect x=\"0\" y=\"{}\" width=\"{width}\" \
             height=\"12\" fill=\"{colour}\"/>",
            y + 10,
            escape(label),
            escape(&cabildo_domain::ledger::Centavos(*amount).to_string()),
            y + 14,
        ));
    }
    svg.push_str("</svg>");
    svg
}
