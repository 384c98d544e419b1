//! What a definition's shape says about its actions and steps (`Definition::shape`,
//! `issuance_stage`, `fans_out_to`): given a definition, when asked about a step or an
//! action, then the answer follows from the graph of steps and the effects, never from the
//! names (the made-up definition below names its actions against their meaning).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;

use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::workflow::{self, ActionShape, Definition, EffectKind, IssuanceStage};

fn shipped(id: &str) -> Definition {
    let roles: BTreeSet<String> = BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect();
    workflow::load(workflow::SHIPPED, &roles)
        .unwrap()
        .into_iter()
        .find(|d| d.id == id)
        .unwrap()
}

/// A process whose names mislead: "return" moves forward, "approve" goes back, "finish"
/// throws the work away, "sign" issues and "issue" signs.
fn given_misleading_names() -> Definition {
    let t = |s: &str| format!(r#"{{"vi":"{s}","en":"{s}","lo":"{s}"}}"#);
    let json = format!(
        r#"{{
  "id": "made-up", "version": 1, "title": {title}, "subject": "outgoing_document", "start": "a",
  "steps": {{
    "a": {{ "title": {a}, "roles": ["specialist"], "actions": {{
      "return": {{ "title": {t1}, "to": "b" }},
      "finish": {{ "title": {t2}, "to": "thrown", "needs": ["note"] }}
    }} }},
    "b": {{ "title": {b}, "roles": ["unit_head"], "actions": {{
      "approve": {{ "title": {t3}, "to": "a", "needs": ["note"] }},
      "issue": {{ "title": {t4}, "to": "c", "effects": [{{"kind": "sign"}}] }}
    }} }},
    "c": {{ "title": {c}, "roles": ["unit_clerk"], "actions": {{
      "sign": {{ "title": {t5}, "to": "done", "effects": [{{"kind": "assign_number"}}, {{"kind": "issue"}}] }}
    }} }},
    "done": {{ "title": {d}, "end": true, "roles": ["unit_clerk"], "actions": {{
      "keep": {{ "title": {t6}, "to": "c", "needs": ["note"] }}
    }} }},
    "thrown": {{ "title": {e}, "end": true }}
  }}
}}"#,
        title = t("Made up"),
        a = t("A"),
        b = t("B"),
        c = t("C"),
        d = t("Done"),
        e = t("Thrown"),
        t1 = t("1"),
        t2 = t("2"),
        t3 = t("3"),
        t4 = t("4"),
        t5 = t("5"),
        t6 = t("6"),
    );
    Definition::parse("made-up", &json).unwrap()
}

fn when_shape(d: &Definition, step: &str, action: &str) -> ActionShape {
    d.shape(step, &d.steps[step].actions[action])
}

#[test]
fn an_action_returns_when_it_leads_nearer_the_start_whatever_its_name() {
    let d = given_misleading_names();
    assert_eq!(
        when_shape(&d, "b", "approve"),
        ActionShape {
            returns: true,
            ends: false,
            danger: false
        }
    );
    assert_eq!(when_shape(&d, "a", "return"), ActionShape::default());
}

#[test]
fn the_deepest_end_completes_and_the_others_end_without_completing() {
    let d = given_misleading_names();
    assert_eq!(
        d.completing_ends(),
        BTreeSet::from(["done"]),
        "depth of done is 3, of thrown 1"
    );
    assert_eq!(
        when_shape(&d, "c", "sign"),
        ActionShape {
            returns: false,
            ends: true,
            danger: false
        }
    );
    assert_eq!(
        when_shape(&d, "a", "finish"),
        ActionShape {
            returns: false,
            ends: true,
            danger: true
        }
    );
}

#[test]
fn leaving_an_end_re_opens_a_finished_process_and_is_dangerous() {
    let d = given_misleading_names();
    assert_eq!(
        when_shape(&d, "done", "keep"),
        ActionShape {
            returns: true,
            ends: false,
            danger: true
        }
    );
}

#[test]
fn effect_kinds_come_from_the_effects_not_the_names() {
    let d = given_misleading_names();
    assert_eq!(
        d.steps["b"].actions["issue"].effect_kinds(),
        vec![EffectKind::Sign]
    );
    assert_eq!(
        d.steps["c"].actions["sign"].effect_kinds(),
        vec![EffectKind::AssignNumber, EffectKind::Issue]
    );
    assert!(d.steps["a"].actions["return"].effect_kinds().is_empty());
}

#[test]
fn issuance_stages_follow_the_numbering_and_issuing_effects() {
    let d = given_misleading_names();
    assert_eq!(d.issuance_stage("a"), None);
    assert_eq!(d.issuance_stage("b"), Some(IssuanceStage::Format));
    assert_eq!(d.issuance_stage("c"), Some(IssuanceStage::Issuing));
    assert_eq!(d.issuance_stage("done"), Some(IssuanceStage::Issued));
    assert_eq!(d.issuance_stage("thrown"), None);
}

#[test]
fn p4_stages_are_the_clerks_format_check_issuing_and_issued() {
    let p4 = shipped("p4-outgoing-unit");
    let stages: Vec<(&str, Option<IssuanceStage>)> = p4
        .steps
        .keys()
        .map(|s| (s.as_str(), p4.issuance_stage(s)))
        .collect();
    assert_eq!(
        stages,
        vec![
            ("deleted", None),
            ("department_review", None),
            ("draft", None),
            ("format_check", Some(IssuanceStage::Format)),
            ("issued", Some(IssuanceStage::Issued)),
            ("issuing", Some(IssuanceStage::Issuing)),
            ("leader_review", None),
        ]
    );
}

#[test]
fn p3_numbers_and_issues_in_two_steps_after_the_ministry_clerks_check() {
    let p3 = shipped("p3-submission-ministry");
    for step in p3.steps.keys() {
        let expected = match step.as_str() {
            "ministry_format_check" => Some(IssuanceStage::Format),
            "numbering" => Some(IssuanceStage::Numbering),
            "issuing" => Some(IssuanceStage::Issuing),
            "issued" => Some(IssuanceStage::Issued),
            _ => None,
        };
        assert_eq!(p3.issuance_stage(step), expected, "{step}");
    }
}

#[test]
fn the_shipped_processes_style_their_actions_as_the_web_did_by_name() {
    let p4 = shipped("p4-outgoing-unit");
    assert!(when_shape(&p4, "draft", "delete").danger);
    assert!(!when_shape(&p4, "draft", "delete").returns);
    assert!(when_shape(&p4, "format_check", "return_to_leader").returns);
    assert!(when_shape(&p4, "department_review", "recall").returns);
    assert!(!when_shape(&p4, "leader_review", "sign").returns);
    assert!(when_shape(&p4, "issuing", "issue").ends);
    assert!(!when_shape(&p4, "issuing", "issue").danger);
    assert!(when_shape(&p4, "issued", "recall_issue").danger);
    let p3 = shipped("p3-submission-ministry");
    assert!(when_shape(&p3, "draft", "end_submission").danger);
    assert!(when_shape(&p3, "secretary_return", "send_back_unsigned").returns);
    let p1 = shipped("p1-incoming-ministry");
    assert!(when_shape(&p1, "receive", "refuse").danger);
    assert!(when_shape(&p1, "approve", "send_back").returns);
    assert!(!when_shape(&p1, "approve", "approve_assignment").danger);
    assert!(when_shape(&p1, "approve", "approve_assignment").ends);
    let p2 = shipped("p2-incoming-unit");
    assert!(when_shape(&p2, "receive", "refuse_assignment").danger);
    assert!(!when_shape(&p2, "handle", "finish").danger);
    assert!(when_shape(&p2, "handle", "finish").ends);
    assert_eq!(
        when_shape(&p2, "handle", "file"),
        ActionShape::default(),
        "filing stays at the step"
    );
}

#[test]
fn a_process_that_fans_out_names_the_process_each_unit_runs() {
    assert_eq!(
        shipped("p1-incoming-ministry").fans_out_to(),
        Some("p2-incoming-unit")
    );
    assert_eq!(shipped("p5-task").fans_out_to(), Some("p5-task-unit"));
    assert_eq!(shipped("p4-outgoing-unit").fans_out_to(), None);
}
