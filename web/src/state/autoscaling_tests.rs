//! The autoscaling view's transitions: the tab is offered once there is an HPA (or a cloud
//! cluster), the node series is sampled as the clock moves, and the traffic slider's rate
//! changes are session inputs that a reload replays.

use super::*;

fn fresh(id: ExerciseId) -> LabState {
    LabState::new(id, None).0
}

#[test]
fn the_slider_s_rate_is_recorded_and_replayed() {
    let mut s = fresh(ExerciseId::Playground);
    let _ = s.update(Action::Submit("kubectl apply -f web.yaml".into()));
    let _ = s.update(Action::Submit("sleep 20".into()));
    let url = view_model::node_port_urls(s.session().cluster())[0].1.clone();
    let set = |rate| TrafficAction::SetClient { name: "users".into(), url: url.clone(), rate, keep_alive: false };
    let _ = s.update(Action::Traffic(set(50)));
    let _ = s.update(Action::Submit("sleep 5".into()));
    // The slider moved: the same client at a new rate.
    let _ = s.update(Action::Traffic(set(300)));
    let _ = s.update(Action::Submit("sleep 5".into()));
    assert_eq!(s.traffic().clients.len(), 1);
    assert_eq!(s.traffic().clients[0].rate_value, 300);
    let sent = s.traffic().clients[0].last_requests;
    assert!(sent > 100, "the new rate is sent: {sent}");
    let (reloaded, _) = LabState::new(ExerciseId::Playground, Some(&encode(&s.session(), s.lines(), s.history())));
    assert_eq!(reloaded.traffic().clients, s.traffic().clients, "replayed at the same rates, the same requests");
    assert_eq!(reloaded.session().now(), s.session().now());
}

#[test]
fn the_autoscaling_tab_follows_the_cluster() {
    let mut s = fresh(ExerciseId::Playground);
    assert!(!s.autoscaling().relevant);
    let _ = s.update(Action::Submit("kubectl apply -f web.yaml".into()));
    let _ = s.update(Action::Submit("kubectl autoscale deployment web --min=2 --max=5 --cpu-percent=50".into()));
    assert!(s.autoscaling().relevant);
    let _ = s.update(Action::Submit("sleep 40".into()));
    let v = s.autoscaling();
    assert_eq!(v.hpas.len(), 1);
    assert!(!v.hpa_decisions.is_empty(), "the HPA synced");
    assert!(!v.nodes.is_empty());
    let _ = s.update(Action::ChartTab(ChartTab::Autoscaling));
    assert_eq!(s.chart_tab(), ChartTab::Autoscaling);

    let cloud = fresh(ExerciseId::from_key("cloud").expect("cloud"));
    assert!(cloud.autoscaling().relevant, "a cloud cluster has the Cluster Autoscaler");
}
