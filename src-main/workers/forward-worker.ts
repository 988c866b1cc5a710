// placeholder: replaced by the issue that builds this worker
export {};
