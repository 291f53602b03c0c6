//! The operator of a lane: the chapter's steps for each strategy, and one rule for a bad
//! release. Each second (after the cluster stepped) it looks at the cluster and may run
//! kubectl lines on the lane's console:
//!
//! - **Recreate**, **RollingUpdate**: `kubectl set image`; done once every pod runs v2, ready,
//!   and v2 was watched for [`OBSERVE_SECS`]. Rollback: `kubectl rollout undo`.
//! - **BlueGreen**: `kubectl apply` of `my-dep-v2`; once all its pods are ready, `kubectl patch
//!   service my-app` to `version: v2.0.0`; after the watch, `kubectl delete deployment
//!   my-dep-v1`. Rollback: patch the selector back to v1 (re-creating v1 if it was deleted),
//!   delete `my-dep-v2`.
//! - **Canary**: `kubectl apply` of `my-dep-v2` with 1 replica beside the 10 of v1 (one
//!   Service over both); after the watch, `kubectl scale --replicas=N deploy my-dep-v2`; once
//!   they are ready, `kubectl delete deploy my-dep-v1`. Rollback: delete `my-dep-v2`
//!   (re-creating v1 if it was deleted).
//!
//! The rule, the same for every lane until the change is done: roll back when v2's error rate
//! over the last 30 s exceeds 5 % (judged once v2 has answered requests for 30 s, with at least
//! 20 requests), or when what the strategy waits for is not ready within the progress
//! deadline.

use super::manifests::{self, PROGRESS_DEADLINE_SECS, V1};
use super::{count_pods, image_of, Lane, Strategy, MAX_ERROR_PERCENT, OBSERVE_SECS};
use kubelab_sim::SimTime;

/// The label value of the blue/green and canary v2 Deployment.
const V2_LABEL: &str = "v2.0.0";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Phase {
    Start,
    /// Waiting for the new version to be ready (the rollout, the green set, the canary).
    Waiting {
        since: SimTime,
    },
    /// The new version takes traffic and is watched.
    Observing {
        since: SimTime,
    },
    /// Canary: v2 scaled up, waiting for it to be ready.
    ScalingUp {
        since: SimTime,
    },
    /// v1 is being shut down.
    ShuttingDown,
    Done,
    RollingBack,
    RolledBack,
}

impl Phase {
    pub(super) fn name(self) -> &'static str {
        match self {
            Phase::Start => "start",
            Phase::Waiting { .. } => "waiting",
            Phase::Observing { .. } => "observing",
            Phase::ScalingUp { .. } => "scaling up",
            Phase::ShuttingDown => "shutting down v1",
            Phase::Done => "done",
            Phase::RollingBack => "rolling back",
            Phase::RolledBack => "rolled back",
        }
    }
}

impl Lane {
    fn ready_of(&self, image: &str) -> u32 {
        count_pods(self.cluster(), |p| p.metadata.deletion_timestamp.is_none() && p.is_ready() && image_of(p) == image)
    }
    fn live_of(&self, image: &str) -> u32 {
        count_pods(self.cluster(), |p| image_of(p) == image)
    }

    /// The error rule: v2 failed more than 5 % of at least 20 requests over the last 30 s.
    fn v2_is_bad(&self) -> bool {
        matches!(self.v2_window(), Some((requests, errors)) if requests >= 20 && errors * 100 > MAX_ERROR_PERCENT * requests)
    }

    fn past(&self, since: SimTime, secs: u64) -> bool {
        self.cluster().now().since(since).as_secs() >= secs
    }

    /// One look of the operator.
    pub(super) fn operate(&mut self) {
        let now = self.cluster().now();
        let n = self.config.replicas;
        let v1 = self.config.v1_image();
        let v2 = self.config.v2_image();
        let block = manifests::strategy_block(self.strategy);
        let tag = self.config.v2.tag();
        let watching = !matches!(self.phase, Phase::Start | Phase::Done | Phase::RollingBack | Phase::RolledBack);
        if watching && self.v2_is_bad() {
            return self.roll_back();
        }
        match self.phase {
            Phase::Start => {
                match self.strategy {
                    Strategy::Recreate | Strategy::RollingUpdate => {
                        self.kubectl(&format!("kubectl set image deployment/my-app my-app={v2}"))
                    }
                    Strategy::BlueGreen => {
                        self.kubectl(&manifests::deployment("my-dep-v2", n, &tag, Some(V2_LABEL), block))
                    }
                    Strategy::Canary => {
                        self.kubectl(&manifests::deployment("my-dep-v2", 1, &tag, Some(V2_LABEL), block))
                    }
                }
                self.phase = Phase::Waiting { since: now };
            }
            Phase::Waiting { since } => {
                let ready = match self.strategy {
                    Strategy::Recreate | Strategy::RollingUpdate => self.ready_of(&v2) >= n && self.live_of(&v1) == 0,
                    Strategy::BlueGreen => self.ready_of(&v2) >= n,
                    Strategy::Canary => self.ready_of(&v2) >= 1,
                };
                if ready {
                    if self.strategy == Strategy::BlueGreen {
                        self.kubectl(&format!(
                            "kubectl patch service my-app -p '{{\"spec\":{{\"selector\":{{\"version\":\"{V2_LABEL}\"}}}}}}'"
                        ));
                    }
                    self.phase = Phase::Observing { since: now };
                } else if self.past(since, PROGRESS_DEADLINE_SECS) {
                    self.roll_back();
                }
            }
            Phase::Observing { since } => {
                if self.past(since, OBSERVE_SECS) {
                    match self.strategy {
                        Strategy::Recreate | Strategy::RollingUpdate => self.finish(),
                        Strategy::BlueGreen => {
                            self.kubectl("kubectl delete deployment my-dep-v1");
                            self.phase = Phase::ShuttingDown;
                        }
                        Strategy::Canary => {
                            self.kubectl(&format!("kubectl scale --replicas={n} deploy my-dep-v2"));
                            self.phase = Phase::ScalingUp { since: now };
                        }
                    }
                }
            }
            Phase::ScalingUp { since } => {
                if self.ready_of(&v2) >= n {
                    self.kubectl("kubectl delete deploy my-dep-v1");
                    self.phase = Phase::ShuttingDown;
                } else if self.past(since, PROGRESS_DEADLINE_SECS) {
                    self.roll_back();
                }
            }
            Phase::ShuttingDown => {
                if self.live_of(&v1) == 0 {
                    self.finish();
                }
            }
            Phase::RollingBack => {
                if self.ready_of(&v1) >= n && self.live_of(&v2) == 0 {
                    self.result.rollback_secs = Some(self.secs());
                    self.phase = Phase::RolledBack;
                }
            }
            Phase::Done | Phase::RolledBack => {}
        }
    }

    fn finish(&mut self) {
        self.result.finished_secs = Some(self.secs());
        self.phase = Phase::Done;
    }

    fn roll_back(&mut self) {
        self.rollback_decided = true;
        let n = self.config.replicas;
        let block = manifests::strategy_block(self.strategy);
        let switched = matches!(self.phase, Phase::Observing { .. } | Phase::ShuttingDown);
        let v1_deleted = self.phase == Phase::ShuttingDown;
        match self.strategy {
            Strategy::Recreate | Strategy::RollingUpdate => self.kubectl("kubectl rollout undo deployment/my-app"),
            Strategy::BlueGreen | Strategy::Canary => {
                if v1_deleted {
                    self.kubectl(&manifests::deployment("my-dep-v1", n, V1, Some(V1), block));
                }
                if self.strategy == Strategy::BlueGreen && switched {
                    self.kubectl(&format!(
                        "kubectl patch service my-app -p '{{\"spec\":{{\"selector\":{{\"version\":\"{V1}\"}}}}}}'"
                    ));
                }
                self.kubectl("kubectl delete deployment my-dep-v2");
            }
        }
        self.phase = Phase::RollingBack;
    }
}
