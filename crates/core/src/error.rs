/// Everything the workflow can fail with. Each message is written for the
/// clerk: it says what happened and, where there is one, what to do.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] disclose_store::StoreError),
}
