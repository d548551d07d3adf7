//! A consulta's pages: a body's consultas and the form that launches one, a consulta with its
//! answers (and, for its launcher, extending the deadline, closing it, and turning a nomination's
//! leading names into an election's candidates), its radio text, and putting a consulta on an
//! assembly's agenda (the form is on the assembly's page).

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use cabildo_domain::assembly::{AssemblyId, AssemblyStatus, ElectionRule};
use cabildo_domain::consulta::{AggregationRule, ConsultaKind};
use cabildo_domain::padron::parse_optional_date;
use cabildo_domain::{Body, BodyKind, Field, PersonId};
use cabildo_i18n::{Lang, tr};
use cabildo_services::consulta::{
    self, AgendaForm, ConsultaOptionRecord, ConsultaRecord, ConsultaView, LaunchForm, NomineesForm,
};
use cabildo_services::{Ctx, ServiceError, Store};

use crate::http::csrf::CsrfForm;
use crate::http::respond::{FormWrite, load, write_form};
use crate::http::{Fields, Page, Path, Viewer, WebError};
use crate::state::AppState;
use crate::ui::text::{name, options, when};
use crate::ui::{Chrome, render};

/// A submitted form's values by name.
type Values = HashMap<String, String>;

fn val(values: &Values, name: &str) -> String {
    values.get(name).map_or_else(String::new, |v| v.trim().to_string())
}

/// A day as the pages write it.
pub(super) fn day(d: &cabildo_domain::Date) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An option's label in the viewer's language: a yes/no consulta's options are words to translate.
pub(super) fn option_label(lang: Lang, kind: ConsultaKind, label: &str) -> String {
    match kind {
        ConsultaKind::YesNo => name(&lang, "consulta-option", label),
        _ => label.to_string(),
    }
}

// --- a body's consultas, and launching one ----------------------------------------------------

#[derive(Template)]
#[template(path = "consulta/list.html")]
pub(super) struct ListPage {
    page: Chrome,
    body: Body,
    consultas: Vec<ConsultaRecord>,
    may_launch: bool,
    form: Fields,
    kinds: Vec<(String, String)>,
    rules: Vec<(String, String)>,
    base_kinds: Vec<(String, String)>,
}

impl ListPage {
    fn kind_name(&self, c: &ConsultaRecord) -> String {
        name(&self.page.lang, "consulta-kind", c.kind.code())
    }

    fn status_name(&self, c: &ConsultaRecord) -> String {
        self.page.t(if c.is_open() { "consulta-status-open" } else { "consulta-status-closed" })
    }
}

async fn list_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/bodies/{id}/consultas");
    let (body, consultas, may_launch) =
        load(state, viewer, &path, move |store, ctx| consulta::list(store, ctx, &id.to_string())).await?;
    let lang = viewer.lang;
    let page = ListPage {
        page: viewer.chrome(path),
        body,
        consultas,
        may_launch,
        form,
        kinds: options(lang, "consulta-kind", ["yes_no", "choice", "nomination"]),
        rules: options(
            lang,
            "consulta-rule",
            [AggregationRule::SumOfVotes, AggregationRule::OneVoicePerBase, AggregationRule::WeightedByMembers]
                .map(AggregationRule::code),
        ),
        base_kinds: BodyKind::ALL
            .iter()
            .filter(|k| !matches!(k, BodyKind::Confederacion))
            .map(|k| (k.code().to_string(), tr(lang, &format!("kind-{}", k.code()), &[])))
            .collect(),
    };
    Ok((status, render(&page)).into_response())
}

pub(super) async fn list_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let form = Fields::new(
        viewer.lang,
        HashMap::from([
            ("consulta_kind".to_string(), "yes_no".to_string()),
            ("aggregation_rule".to_string(), "sum_of_votes".to_string()),
            ("base_kind".to_string(), "sindicato".to_string()),
        ]),
    );
    list_and_render(&state, &viewer, id, form, StatusCode::OK).await
}

pub(super) async fn launch(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let form = LaunchForm {
        question: val(&values, "question"),
        text: values.get("consulta_text").cloned().unwrap_or_default(),
        kind: val(&values, "consulta_kind"),
        options: values.get("consulta_option").cloned().unwrap_or_default(),
        deadline: val(&values, "deadline"),
        base_kind: val(&values, "base_kind"),
        rule: val(&values, "aggregation_rule"),
    };
    if let Err(problems) = form.read(viewer.ctx.today) {
        let mut fields = Fields::new(viewer.lang, values);
        fields.problems(problems);
        return list_and_render(&state, &viewer, id, fields, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let (path, fields) = (format!("/bodies/{id}/consultas"), Fields::new(viewer.lang, values));
    let launch = move |store: &Store, ctx: &Ctx| consulta::launch(store, ctx, &id.to_string(), &form);
    match write_form(&state, &viewer, &path, fields, |_| None, launch).await? {
        FormWrite::Done(c) => Ok(Redirect::to(&format!("/consultas/{}", c.id.0)).into_response()),
        FormWrite::Again(form, status) => list_and_render(&state, &viewer, id, form, status).await,
    }
}

// --- a consulta --------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "consulta/view.html")]
pub(super) struct ConsultaPage {
    page: Chrome,
    v: ConsultaView,
    /// A nomination's leading names, with their weight under the rule.
    nominees: Vec<(ConsultaOptionRecord, u64)>,
    /// The launcher's assemblies in session (number and label), for the nominees' election.
    assemblies: Vec<(String, String)>,
    deadline_form: Fields,
    election_form: Fields,
    election_rules: Vec<(String, String)>,
    /// Today, where the organisation is: whether the deadline has passed.
    today: cabildo_domain::Date,
}

impl ConsultaPage {
    fn kind_name(&self) -> String {
        name(&self.page.lang, "consulta-kind", self.v.consulta.kind.code())
    }

    fn rule_name(&self) -> String {
        name(&self.page.lang, "consulta-rule", self.v.consulta.rule.code())
    }

    fn base_kind_name(&self) -> String {
        name(&self.page.lang, "kind", self.v.consulta.base_kind.code())
    }

    fn status_name(&self) -> String {
        self.page.t(if self.v.consulta.is_open() { "consulta-status-open" } else { "consulta-status-closed" })
    }

    fn is_open(&self) -> bool {
        self.v.consulta.is_open()
    }

    fn is_nomination(&self) -> bool {
        self.v.consulta.kind == ConsultaKind::Nomination
    }

    fn deadline(&self) -> String {
        day(&self.v.consulta.deadline)
    }

    fn overdue(&self) -> bool {
        cabildo_domain::consulta::is_late(self.page_today(), self.v.consulta.deadline)
    }

    fn page_today(&self) -> cabildo_domain::Date {
        self.today
    }

    fn label(&self, o: &ConsultaOptionRecord) -> String {
        option_label(self.page.lang, self.v.consulta.kind, &o.label)
    }

    fn adopted(&self, line: &cabildo_services::consulta::AnswerLine) -> String {
        match &line.adopted {
            Some(label) => option_label(self.page.lang, self.v.consulta.kind, label),
            None => self.page.t("consulta-none-adopted"),
        }
    }

    fn votes(&self, line: &cabildo_services::consulta::AnswerLine) -> String {
        line.answer
            .votes
            .iter()
            .map(|(o, n)| {
                let label = self.v.option_label(*o).unwrap_or_default();
                format!("{}: {}", option_label(self.page.lang, self.v.consulta.kind, label), self.page.lang.count(*n))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn answered_line(&self) -> String {
        tr(
            self.page.lang,
            "consulta-answered-count",
            &[
                ("answered", self.v.bases_answered.to_string()),
                ("total", self.v.bases_total.to_string()),
                ("late", self.v.bases_late.to_string()),
            ],
        )
    }
}

/// Whatever the page needs, read in one blocking call.
struct Found {
    v: ConsultaView,
    nominees: Vec<(ConsultaOptionRecord, u64)>,
    assemblies: Vec<(String, String)>,
}

async fn consulta_and_render(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    deadline_form: Fields,
    election_form: Fields,
    status: StatusCode,
) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}");
    let found = load(state, viewer, &path, move |store, ctx| {
        let v = consulta::view(store, ctx, &id.to_string())?;
        let (nominees, assemblies) = if v.consulta.kind == ConsultaKind::Nomination {
            let nominees = consulta::nominees(store, ctx, &id.to_string())?;
            let assemblies = if v.may_manage {
                cabildo_services::assembly::list(store, ctx, &v.consulta.body_id.to_string())?
                    .1
                    .into_iter()
                    .filter(|a| a.status == AssemblyStatus::Open)
                    .map(|a| (a.id.0.to_string(), format!("{} · {}", a.title, when(&a.scheduled_for))))
                    .collect()
            } else {
                Vec::new()
            };
            (nominees, assemblies)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok::<_, ServiceError>(Found { v, nominees, assemblies })
    })
    .await?;
    let Found { v, nominees, assemblies } = found;
    let page = ConsultaPage {
        page: viewer.chrome(path),
        v,
        nominees,
        assemblies,
        deadline_form,
        election_form,
        election_rules: options(viewer.lang, "election-rule", ElectionRule::ALL.iter().map(|k| k.code())),
        today: viewer.ctx.today,
    };
    Ok((status, render(&page)).into_response())
}

pub(super) async fn consulta_page(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let election = Fields::new(
        viewer.lang,
        HashMap::from([("election_rule".to_string(), "plurality".to_string()), ("count".to_string(), "3".into())]),
    );
    consulta_and_render(&state, &viewer, id, Fields::blank(viewer.lang), election, StatusCode::OK).await
}

pub(super) async fn extend(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let deadline = val(&values, "deadline");
    let (path, fields) = (format!("/consultas/{id}"), Fields::new(viewer.lang, values));
    let extend = move |store: &Store, ctx: &Ctx| consulta::extend(store, ctx, &id.to_string(), &deadline);
    match write_form(&state, &viewer, &path, fields, |_| Some("deadline"), extend).await? {
        FormWrite::Done(_) => Ok(Redirect::to(&path).into_response()),
        FormWrite::Again(form, status) => {
            consulta_and_render(&state, &viewer, id, form, Fields::blank(viewer.lang), status).await
        }
    }
}

pub(super) async fn close(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, _values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}");
    load(&state, &viewer, &path, move |store, ctx| consulta::close(store, ctx, &id.to_string())).await?;
    Ok(Redirect::to(&path).into_response())
}

pub(super) async fn election(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Values>,
) -> Result<Response, WebError> {
    let mut form = Fields::new(viewer.lang, values.clone());
    let term_end = form.check("term_end", |v| parse_optional_date(Field::TermEnd, v)).flatten();
    if !form.is_clean() {
        let blank = Fields::blank(viewer.lang);
        return consulta_and_render(&state, &viewer, id, blank, form, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let input = NomineesForm {
        assembly: val(&values, "assembly"),
        office_title: val(&values, "office_title"),
        term_end,
        rule: val(&values, "election_rule"),
        count: val(&values, "count"),
    };
    let path = format!("/consultas/{id}");
    let elect = move |store: &Store, ctx: &Ctx| consulta::nominees_to_election(store, ctx, &id.to_string(), &input);
    match write_form(&state, &viewer, &path, form, |_| None, elect).await? {
        FormWrite::Done(m) => {
            Ok(Redirect::to(&format!("/assemblies/{}/motions/{}", m.assembly_id.0, m.id.0)).into_response())
        }
        FormWrite::Again(form, status) => {
            consulta_and_render(&state, &viewer, id, Fields::blank(viewer.lang), form, status).await
        }
    }
}

/// The consulta as the radio reads it: who asks, what, and until when, in words.
pub(super) async fn notice_text(Page { state, viewer }: Page, Path(id): Path<i64>) -> Result<Response, WebError> {
    let path = format!("/consultas/{id}/notice.txt");
    let v = load(&state, &viewer, &path, move |store, ctx| consulta::view(store, ctx, &id.to_string())).await?;
    let lang = viewer.lang;
    let speech = match lang {
        Lang::Es => cabildo_domain::spoken::Speech::Spanish,
        Lang::En => cabildo_domain::spoken::Speech::English,
    };
    let c = &v.consulta;
    let mut out = tr(
        lang,
        "consulta-radio",
        &[
            ("body", v.launcher.name.clone()),
            ("bases", v.bases_total.to_string()),
            ("question", c.question.clone()),
            ("deadline", cabildo_domain::spoken::day(speech, c.deadline)),
        ],
    );
    out.push('\n');
    if !c.text.is_empty() {
        out.push_str(&c.text);
        out.push('\n');
    }
    if c.kind == ConsultaKind::Choice {
        out.push_str(&tr(lang, "consulta-radio-options", &[]));
        out.push_str(":\n");
        for o in &v.options {
            out.push_str(&format!("{}. {}\n", o.number, o.label));
        }
    }
    out.push_str(&tr(lang, name_of_kind_how(c.kind), &[]));
    out.push('\n');
    if !c.is_open() {
        out.push_str(&tr(lang, "consulta-status-closed", &[]));
        out.push('\n');
    }
    let mut response = out.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    Ok(response)
}

fn name_of_kind_how(kind: ConsultaKind) -> &'static str {
    match kind {
        ConsultaKind::YesNo => "consulta-radio-how-yes_no",
        ConsultaKind::Choice => "consulta-radio-how-choice",
        ConsultaKind::Nomination => "consulta-radio-how-nomination",
    }
}

/// Puts a consulta on the agenda of an assembly in session (the form is on the assembly's page),
/// then shows the motion.
pub(super) async fn put_on_agenda(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    CsrfForm(viewer, values): CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let get = |name: &str| values.iter().find(|(k, _)| k == name).map_or_else(String::new, |(_, v)| v.trim().into());
    let form = AgendaForm {
        consulta: get("consulta"),
        rule: get("election_rule"),
        candidates: values
            .iter()
            .filter(|(k, _)| k == "candidate")
            .filter_map(|(_, v)| v.trim().parse::<i64>().ok())
            .map(PersonId)
            .collect(),
    };
    let path = format!("/assemblies/{id}");
    let m = load(&state, &viewer, &path, move |store, ctx| consulta::put_on_agenda(store, ctx, AssemblyId(id), &form))
        .await?;
    Ok(Redirect::to(&format!("{path}/motions/{}", m.id.0)).into_response())
}
