//! The process definitions: the shipped ones load, every transition of every definition is
//! walked through the engine from the start to an end, and broken definitions are refused
//! with a message naming the step and action at fault.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chancery_domain::organisation::BUILT_IN_ROLES;
use chancery_domain::workflow::{self, Definition, DefinitionError, Situation};

fn roles() -> BTreeSet<String> {
    BUILT_IN_ROLES.iter().map(|r| r.0.to_owned()).collect()
}

fn shipped() -> Vec<Definition> {
    workflow::load(workflow::SHIPPED, &roles()).unwrap_or_else(|problems| {
        panic!(
            "{}",
            problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// The actions that lead from `from` to `to`, by the shortest path.
fn path<'a>(d: &'a Definition, from: &'a str, to: &str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut back: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = BTreeSet::from([from]);
    while let Some(step) = queue.pop_front() {
        if step == to {
            let mut out = Vec::new();
            let mut cursor = to;
            while cursor != from {
                let (prev, action) = back[cursor];
                out.push((prev, action));
                cursor = prev;
            }
            out.reverse();
            return Some(out);
        }
        for (action_id, action) in &d.steps[step].actions {
            // Recalls are the sender's, tested separately; walk the holders' actions.
            if action.when.is_some() {
                continue;
            }
            if seen.insert(action.to.as_str()) {
                back.insert(action.to.as_str(), (step, action_id.as_str()));
                queue.push_back(action.to.as_str());
            }
        }
    }
    None
}

/// Takes `action` at `step` as a holder of one of the step's roles, checking the engine
/// offers it; returns the next step.
fn take<'a>(d: &'a Definition, step: &str, action: &str, situation: &Situation) -> &'a str {
    let s = &d.steps[step];
    let role = s
        .roles
        .first()
        .unwrap_or_else(|| panic!("{}: nobody acts at {step}", d.id));
    let offered = d.available(step, role, situation);
    let (_, def) = offered
        .iter()
        .find(|(id, _)| *id == action)
        .unwrap_or_else(|| panic!("{}: {action} is not offered to {role} at {step}", d.id));
    def.to.as_str()
}

#[test]
fn the_shipped_definitions_load_and_cover_the_five_processes() {
    let definitions = shipped();
    let ids: BTreeSet<&str> = definitions.iter().map(|d| d.id.as_str()).collect();
    for id in [
        "p1-incoming-ministry",
        "p1-incoming-ministry-direct",
        "p2-incoming-unit",
        "p3-submission-ministry",
        "p4-outgoing-unit",
        "p5-task",
        "p5-task-unit",
    ] {
        assert!(ids.contains(id), "{id} missing");
    }
}

#[test]
fn every_transition_of_every_definition_is_walkable_from_the_start_to_an_end() {
    let mut walked = 0;
    for d in shipped() {
        let situation = Situation {
            has_parent: true,
            ..Situation::default()
        };
        for (step, action_id, action) in d.transitions() {
            if action
                .when
                .is_some_and(|w| w != workflow::Condition::HasParent)
            {
                continue;
            }
            // From the start to the step…
            let mut at = d.start.as_str();
            for (from, via) in
                path(&d, &d.start, step).unwrap_or_else(|| panic!("{}: no path to {step}", d.id))
            {
                assert_eq!(at, from);
                at = take(&d, at, via, &situation);
            }
            // …the action itself…
            at = take(&d, at, action_id, &situation);
            assert_eq!(at, action.to);
            // …and on to an end.
            let end = d
                .steps
                .iter()
                .filter(|(_, s)| s.end)
                .filter_map(|(id, _)| path(&d, at, id).map(|p| (id, p)))
                .min_by_key(|(_, p)| p.len())
                .unwrap_or_else(|| panic!("{}: no end after {step}/{action_id}", d.id));
            for (_, via) in end.1 {
                at = take(&d, at, via, &situation);
            }
            assert!(d.steps[at].end, "{}: stopped at {at}", d.id);
            walked += 1;
        }
    }
    assert!(walked > 60, "only {walked} transitions walked");
}

#[test]
fn the_engine_offers_actions_by_role_and_recall_only_to_the_sender_before_anyone_acts() {
    let definitions = shipped();
    let p2 = definitions
        .iter()
        .find(|d| d.id == "p2-incoming-unit")
        .unwrap();
    let ids = |role: &str, situation: Situation| -> Vec<String> {
        p2.available("direct", role, &situation)
            .into_iter()
            .map(|(id, _)| id.to_owned())
            .collect()
    };
    let leader = ids("unit_head", Situation::default());
    assert_eq!(
        leader,
        [
            "forward_to_department",
            "forward_to_person",
            "return_to_clerk"
        ]
    );
    assert!(ids("specialist", Situation::default()).is_empty());
    // The clerk who submitted it may recall it while the leader has not acted…
    let sender = Situation {
        is_sender: true,
        ..Situation::default()
    };
    assert_eq!(ids("unit_clerk", sender), ["recall"]);
    // …and not once the leader has.
    let acted = Situation {
        is_sender: true,
        acted_here: true,
        ..Situation::default()
    };
    assert!(ids("unit_clerk", acted).is_empty());
    // Refusing a wrong assignment back is offered only for a routed document.
    let receive = |situation: Situation| -> Vec<String> {
        p2.available("receive", "unit_clerk", &situation)
            .into_iter()
            .map(|(id, _)| id.to_owned())
            .collect()
    };
    assert_eq!(receive(Situation::default()), ["refuse", "register"]);
    assert_eq!(
        receive(Situation {
            has_parent: true,
            ..Situation::default()
        }),
        ["refuse", "refuse_assignment", "register"]
    );
}

#[test]
fn the_old_p1_differs_by_one_branch() {
    let definitions = shipped();
    let new = definitions
        .iter()
        .find(|d| d.id == "p1-incoming-ministry")
        .unwrap();
    let old = definitions
        .iter()
        .find(|d| d.id == "p1-incoming-ministry-direct")
        .unwrap();
    let transitions = |d: &Definition| -> BTreeSet<(String, String)> {
        d.transitions()
            .map(|(s, a, _)| (s.to_owned(), a.to_owned()))
            .collect()
    };
    let extra: Vec<_> = transitions(old)
        .difference(&transitions(new))
        .cloned()
        .collect();
    assert_eq!(
        extra,
        [("update".to_owned(), "forward_to_units".to_owned())]
    );
    assert!(transitions(new).is_subset(&transitions(old)));
}

fn broken(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut json: serde_json::Value = serde_json::from_str(
        workflow::SHIPPED
            .iter()
            .find(|(n, _)| n.starts_with("p4"))
            .unwrap()
            .1,
    )
    .unwrap();
    edit(&mut json);
    let text = json.to_string();
    match workflow::load(&[("p4-outgoing-unit.v1.json", &text)], &roles()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn broken_definitions_are_refused_with_the_step_and_action_named() {
    let unknown_role = broken(|d| d["steps"]["draft"]["roles"][0] = "astronaut".into());
    assert_eq!(
        unknown_role,
        ["p4-outgoing-unit v1: step \"draft\": unknown role \"astronaut\""]
    );
    let nowhere = broken(|d| d["steps"]["draft"]["actions"]["delete"]["to"] = "limbo".into());
    assert_eq!(
        nowhere,
        [
            "p4-outgoing-unit v1: step \"draft\", action \"delete\" leads to \"limbo\", which is not a step"
        ]
    );
    let unreachable = broken(|d| {
        d["steps"]["orphan"] = serde_json::json!({
            "title": {"vi": "Mồ côi", "en": "Orphan", "lo": "ກຳພ້າ"},
            "roles": ["specialist"],
            "actions": {"go": {"title": {"vi": "Đi", "en": "Go", "lo": "ໄປ"}, "to": "deleted"}}
        });
    });
    assert_eq!(
        unreachable,
        ["p4-outgoing-unit v1: step \"orphan\" cannot be reached from the start"]
    );
    // A loop with no way out: issuing and its return both lead back, never to an end.
    let trapped = broken(|d| {
        d["steps"]["issuing"]["actions"]["issue"]["to"] = "format_check".into();
        d["steps"]["issued"]["end"] = false.into();
        d["steps"]["draft"]["actions"]["delete"]["to"] = "draft".into();
        d["steps"]["deleted"]["end"] = false.into();
        d["steps"]["deleted"]["roles"] = serde_json::json!(["specialist"]);
    });
    assert!(
        trapped
            .iter()
            .any(|p| p == "p4-outgoing-unit v1: no end can be reached from step \"draft\""),
        "{trapped:?}"
    );
    let nobody = broken(|d| d["steps"]["draft"]["roles"] = serde_json::json!([]));
    assert_eq!(
        nobody,
        ["p4-outgoing-unit v1: step \"draft\" is not an end, so some role must act there"]
    );
    let typo =
        broken(|d| d["steps"]["draft"]["actions"]["delete"]["neds"] = serde_json::json!(["note"]));
    assert_eq!(typo.len(), 1);
    assert!(typo[0].contains("unknown field `neds`"), "{typo:?}");
    let fan_out = broken(|d| {
        d["steps"]["issuing"]["actions"]["issue"]["effects"] =
            serde_json::json!([{"kind": "fan_out", "definition": "p9-nothing"}]);
    });
    assert_eq!(fan_out.len(), 2, "{fan_out:?}");
    assert!(fan_out.iter().any(|p| p.contains("a fan-out needs units")));
    assert!(
        fan_out
            .iter()
            .any(|p| p.contains("unknown definition \"p9-nothing\""))
    );
}

#[test]
fn definitions_refer_only_to_roles_that_exist_in_this_installation() {
    let mut fewer = roles();
    fewer.remove("leader_secretary");
    let problems = workflow::load(workflow::SHIPPED, &fewer).unwrap_err();
    assert!(
        problems.iter().all(
            |p| matches!(p, DefinitionError::UnknownRole { role, .. } if role == "leader_secretary")
        ),
        "{problems:?}"
    );
    assert!(problems.len() >= 5);
}
