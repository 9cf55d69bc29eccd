//! The exceptions a produce request can end in, as values: the ledger counts by them and the
//! lessons read them by variant, so a misspelt name cannot silently count nothing. Their text
//! is Kafka's exception class names, which the trace (and so its hash) carries.

use std::fmt;

/// Why a produce attempt failed, as the Java client names the exception. Declared in the
/// order of their names, so ordered maps keep the order they had when keyed by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProduceError {
    /// The partition has no leader (every ISR replica is down, and no unclean election).
    LeaderNotAvailable,
    /// The connection to the leader failed (it crashed, or is cut off from the clients).
    Network,
    /// acks=all: the ISR shrank below `min.insync.replicas` after the leader appended.
    NotEnoughReplicasAfterAppend,
    /// acks=all: the ISR is smaller than `min.insync.replicas`, so the leader refused.
    NotEnoughReplicas,
    /// The leader changed while it held the write.
    NotLeaderOrFollower,
    /// `request.timeout.ms` or `delivery.timeout.ms` passed.
    Timeout,
}

impl ProduceError {
    /// Every error, in the order of their names.
    pub const ALL: [ProduceError; 6] = [
        ProduceError::LeaderNotAvailable,
        ProduceError::Network,
        ProduceError::NotEnoughReplicasAfterAppend,
        ProduceError::NotEnoughReplicas,
        ProduceError::NotLeaderOrFollower,
        ProduceError::Timeout,
    ];

    /// Kafka's exception class name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProduceError::LeaderNotAvailable => "LeaderNotAvailableException",
            ProduceError::Network => "NetworkException",
            ProduceError::NotEnoughReplicasAfterAppend => "NotEnoughReplicasAfterAppendException",
            ProduceError::NotEnoughReplicas => "NotEnoughReplicasException",
            ProduceError::NotLeaderOrFollower => "NotLeaderOrFollowerException",
            ProduceError::Timeout => "TimeoutException",
        }
    }
}

impl fmt::Display for ProduceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::error::Error for ProduceError {}

/// How a record's send ended for good without an acknowledgement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SendFailure {
    /// The producer gave up with this exception.
    Error(ProduceError),
    /// acks=0: the producer was never told; the record is simply gone.
    SilentlyDropped,
}

impl SendFailure {
    /// The words the report and the page show.
    pub fn as_str(self) -> &'static str {
        match self {
            SendFailure::Error(e) => e.as_str(),
            SendFailure::SilentlyDropped => "silently dropped (acks=0)",
        }
    }
}

impl fmt::Display for SendFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_is_kafkas_exception_name() {
        let names = [
            "LeaderNotAvailableException",
            "NetworkException",
            "NotEnoughReplicasAfterAppendException",
            "NotEnoughReplicasException",
            "NotLeaderOrFollowerException",
            "TimeoutException",
        ];
        for (e, name) in ProduceError::ALL.into_iter().zip(names) {
            assert_eq!(e.to_string(), name);
            assert_eq!(SendFailure::Error(e).to_string(), name);
        }
        assert_eq!(
            SendFailure::SilentlyDropped.to_string(),
            "silently dropped (acks=0)"
        );
    }

    #[test]
    fn the_order_is_the_order_of_the_names() {
        for pair in ProduceError::ALL.windows(2) {
            assert!(pair[0] < pair[1] && pair[0].as_str() < pair[1].as_str());
        }
        let failures: Vec<SendFailure> = ProduceError::ALL
            .into_iter()
            .map(SendFailure::Error)
            .chain([SendFailure::SilentlyDropped])
            .collect();
        for pair in failures.windows(2) {
            assert!(pair[0] < pair[1] && pair[0].as_str() < pair[1].as_str());
        }
    }
}
