//! The exceptions a consumer's application sees, with Java's class names and messages, so the
//! event log and the report say what a Kafka user would read.

/// An exception the application sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientError {
    /// `CommitFailedException`.
    CommitFailed(String),
    /// `RebalanceInProgressException`.
    RebalanceInProgress(String),
    /// `NoOffsetForPartitionException`.
    NoOffsetForPartition(String),
    /// `OffsetOutOfRangeException`.
    OffsetOutOfRange(String),
    /// `LogTruncationException` (an `OffsetOutOfRangeException`): the log diverged from what
    /// the consumer fetched and `auto.offset.reset` is `none`.
    LogTruncation(String),
    /// `FencedInstanceIdException`.
    FencedInstanceId(String),
    /// `InconsistentGroupProtocolException`.
    InconsistentGroupProtocol(String),
    /// `InvalidSessionTimeoutException` (or any other fatal join error).
    Fatal(String),
    /// The application's own exception (a poison record's processing threw).
    Application(String),
}

impl ClientError {
    /// The Java class name.
    pub fn class_name(&self) -> &'static str {
        match self {
            ClientError::CommitFailed(_) => "CommitFailedException",
            ClientError::RebalanceInProgress(_) => "RebalanceInProgressException",
            ClientError::NoOffsetForPartition(_) => "NoOffsetForPartitionException",
            ClientError::OffsetOutOfRange(_) => "OffsetOutOfRangeException",
            ClientError::LogTruncation(_) => "LogTruncationException",
            ClientError::FencedInstanceId(_) => "FencedInstanceIdException",
            ClientError::InconsistentGroupProtocol(_) => "InconsistentGroupProtocolException",
            ClientError::Fatal(_) => "KafkaException",
            ClientError::Application(_) => "RuntimeException",
        }
    }

    /// The exception's message.
    pub fn message(&self) -> &str {
        match self {
            ClientError::CommitFailed(m)
            | ClientError::RebalanceInProgress(m)
            | ClientError::NoOffsetForPartition(m)
            | ClientError::OffsetOutOfRange(m)
            | ClientError::LogTruncation(m)
            | ClientError::FencedInstanceId(m)
            | ClientError::InconsistentGroupProtocol(m)
            | ClientError::Fatal(m)
            | ClientError::Application(m) => m,
        }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.class_name(), self.message())
    }
}

pub(in crate::engine::group) fn fenced_message() -> String {
    "The broker rejected this static consumer since another consumer with the same group.instance.id has registered with a different member.id.".to_string()
}
