//! The [`Stage`] trait and the [`Pipeline`] that runs stages in order.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Document, Error, Layer, Result};

/// One step of a pipeline: reads some layers of a document and adds others.
///
/// A stage is configured once and then shared: `process` takes `&self`, and stages are
/// `Send + Sync`, so one pipeline can serve many threads.
pub trait Stage: Send + Sync {
    /// A short name for messages (`clean`, `segment`).
    fn name(&self) -> &str;

    /// The layers that must be present before this stage runs.
    fn needs(&self) -> &[Layer] {
        &[]
    }

    /// The layers this stage sets.
    fn provides(&self) -> &[Layer];

    /// Runs the stage on a document.
    ///
    /// # Errors
    /// When the stage cannot process the document; the pipeline stops at the first error.
    fn process(&self, doc: &mut Document) -> Result<()>;
}

impl<S: Stage + ?Sized> Stage for Box<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn needs(&self) -> &[Layer] {
        (**self).needs()
    }
    fn provides(&self) -> &[Layer] {
        (**self).provides()
    }
    fn process(&self, doc: &mut Document) -> Result<()> {
        (**self).process(doc)
    }
}

/// Documents run stage by stage together in [`Pipeline::process_batch`]: enough for each
/// stage's tables to stay in cache, few enough to keep memory small.
const GROUP: usize = 32;

/// Stages in an order that has been checked: each stage's needs are provided by an earlier one.
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    max_input_bytes: Option<usize>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field(
                "stages",
                &self.stages.iter().map(|s| s.name()).collect::<Vec<_>>(),
            )
            .field("max_input_bytes", &self.max_input_bytes)
            .finish()
    }
}

impl Pipeline {
    /// Starts building a pipeline.
    #[must_use]
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The stage names, in order.
    pub fn stage_names(&self) -> impl Iterator<Item = &str> {
        self.stages.iter().map(|s| s.name())
    }

    /// Runs every stage on a new document made from `raw`.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] over the configured limit, or the first stage error.
    pub fn run(&self, raw: impl Into<String>) -> Result<Document> {
        let mut doc = Document::new(raw);
        self.process(&mut doc)?;
        Ok(doc)
    }

    /// Runs every stage on an existing document.
    ///
    /// # Errors
    /// [`Error::InputTooLarge`] over the configured limit, or the first stage error.
    pub fn process(&self, doc: &mut Document) -> Result<()> {
        self.check_size(doc)?;
        for stage in &self.stages {
            stage.process(doc)?;
        }
        Ok(())
    }

    /// [`Error::InputTooLarge`] when `doc` is over the configured limit.
    fn check_size(&self, doc: &Document) -> Result<()> {
        match self.max_input_bytes {
            Some(limit) if doc.raw().len() > limit => Err(Error::InputTooLarge {
                len: doc.raw().len(),
                limit,
            }),
            _ => Ok(()),
        }
    }

    /// Runs every stage on each of `docs`, stage by stage: the first stage on all of them, then
    /// the second, and so on. Each result is what [`Pipeline::process`] followed by a panic
    /// guard (as in [`Pipeline::run_guarded`]) gives for that document alone: a document whose
    /// stage fails or panics gets that error and no further stage, and the others go on.
    ///
    /// On many small documents this is faster than one document at a time: each stage's word
    /// lists and automata stay in the processor's caches while it works through the group.
    /// Memory grows with the group: give it a bounded number of documents.
    pub fn process_each(&self, docs: &mut [Document]) -> Vec<Result<()>> {
        let mut results: Vec<Result<()>> = docs.iter().map(|d| self.check_size(d)).collect();
        for stage in &self.stages {
            for (doc, result) in docs.iter_mut().zip(results.iter_mut()) {
                if result.is_ok() {
                    *result = guarded("pipeline", || stage.process(doc));
                }
            }
        }
        results
    }

    /// Runs the pipeline on one input, turning a panic inside a stage into [`Error::Stage`], so
    /// that one bad article cannot take a batch down.
    ///
    /// # Errors
    /// As [`Pipeline::run`], plus [`Error::Stage`] for a stage that panicked.
    pub fn run_guarded(&self, raw: impl Into<String>) -> Result<Document> {
        let raw = raw.into();
        guarded("pipeline", || self.run(raw))
    }

    /// Runs the pipeline on many inputs in parallel on `threads` threads (0: one per core),
    /// returning one result per input, in input order. A failing input yields its error and
    /// does not stop the others; a panicking stage is reported as [`Error::Stage`].
    pub fn process_batch<T: AsRef<str> + Sync>(
        &self,
        inputs: &[T],
        threads: usize,
    ) -> Vec<Result<Document>> {
        let threads = effective_threads(threads).min(inputs.len().max(1));
        if threads <= 1 {
            return inputs
                .chunks(GROUP)
                .flat_map(|g| self.run_group(g))
                .collect();
        }
        // at least four groups per thread, so the last ones do not leave a thread idle
        let group = (inputs.len() / (threads * 4)).clamp(1, GROUP);
        let next = AtomicUsize::new(0);
        let mut tagged: Vec<(usize, Result<Document>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(group, Ordering::Relaxed);
                            let Some(part) = inputs.get(i..(i + group).min(inputs.len())) else {
                                break;
                            };
                            if part.is_empty() {
                                break;
                            }
                            done.extend((i..).zip(self.run_group(part)));
                        }
                        done
                    })
                })
                .collect();
            // `process_each` catches stage panics, so a worker only ends by finishing its loop.
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        });
        tagged.sort_unstable_by_key(|(i, _)| *i);
        tagged.into_iter().map(|(_, r)| r).collect()
    }

    /// New documents for `inputs`, run stage by stage ([`Pipeline::process_each`]).
    fn run_group<T: AsRef<str>>(&self, inputs: &[T]) -> Vec<Result<Document>> {
        let mut docs: Vec<Document> = inputs.iter().map(|i| Document::new(i.as_ref())).collect();
        let results = self.process_each(&mut docs);
        docs.into_iter()
            .zip(results)
            .map(|(doc, r)| r.map(|()| doc))
            .collect()
    }

    /// Streams results for an iterator of inputs, in input order, processing `chunk` inputs at a
    /// time in parallel on `threads` threads (0: one per core). Memory is bounded by one chunk.
    pub fn process_iter<'p, I>(
        &'p self,
        inputs: I,
        threads: usize,
        chunk: usize,
    ) -> impl Iterator<Item = Result<Document>> + 'p
    where
        I: IntoIterator + 'p,
        I::Item: AsRef<str> + Sync,
    {
        let chunk = chunk.max(1);
        let mut inputs = inputs.into_iter();
        let mut pending = std::collections::VecDeque::new();
        std::iter::from_fn(move || {
            if pending.is_empty() {
                let batch: Vec<I::Item> = inputs.by_ref().take(chunk).collect();
                pending.extend(self.process_batch(&batch, threads));
            }
            pending.pop_front()
        })
    }
}

/// Runs `f`, turning a panic inside it into [`Error::Stage`] named `stage` with the panic's
/// message, so that one bad input cannot take a batch down.
///
/// # Errors
/// What `f` returns, or [`Error::Stage`] when it panicked.
pub fn guarded<T>(stage: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Err(Error::Stage {
            stage: stage.to_owned(),
            message: format!("panicked: {message}"),
        })
    })
}

/// The thread count to use for a request of `threads` (0: one per available core).
#[must_use]
pub fn effective_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    } else {
        threads
    }
}

/// Builds a [`Pipeline`], checking the stage order.
#[derive(Default)]
pub struct PipelineBuilder {
    stages: Vec<Box<dyn Stage>>,
    max_input_bytes: Option<usize>,
}

impl fmt::Debug for PipelineBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PipelineBuilder")
            .field(
                "stages",
                &self.stages.iter().map(|s| s.name()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl PipelineBuilder {
    /// Appends a stage.
    #[must_use]
    pub fn stage(mut self, stage: impl Stage + 'static) -> Self {
        self.stages.push(Box::new(stage));
        self
    }

    /// Appends a boxed stage.
    #[must_use]
    pub fn boxed_stage(mut self, stage: Box<dyn Stage>) -> Self {
        self.stages.push(stage);
        self
    }

    /// Rejects inputs larger than `limit` bytes with [`Error::InputTooLarge`].
    #[must_use]
    pub fn max_input_bytes(mut self, limit: usize) -> Self {
        self.max_input_bytes = Some(limit);
        self
    }

    /// Checks the order and builds the pipeline.
    ///
    /// # Errors
    /// [`Error::EmptyPipeline`] without stages, [`Error::MissingLayer`] when a stage needs a layer
    /// no earlier stage provides, [`Error::DuplicateLayer`] when two stages provide one layer.
    pub fn build(self) -> Result<Pipeline> {
        if self.stages.is_empty() {
            return Err(Error::EmptyPipeline);
        }
        let mut provided: Vec<(Layer, String)> = Vec::new();
        for stage in &self.stages {
            for &layer in stage.needs() {
                if !provided.iter().any(|(l, _)| *l == layer) {
                    return Err(Error::MissingLayer {
                        stage: stage.name().to_owned(),
                        layer,
                    });
                }
            }
            for &layer in stage.provides() {
                if let Some((_, earlier)) = provided.iter().find(|(l, _)| *l == layer) {
                    return Err(Error::DuplicateLayer {
                        stage: stage.name().to_owned(),
                        earlier: earlier.clone(),
                        layer,
                    });
                }
                provided.push((layer, stage.name().to_owned()));
            }
        }
        Ok(Pipeline {
            stages: self.stages,
            max_input_bytes: self.max_input_bytes,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Span;

    struct Fake {
        name: &'static str,
        needs: &'static [Layer],
        provides: &'static [Layer],
    }

    impl Stage for Fake {
        fn name(&self) -> &str {
            self.name
        }
        fn needs(&self) -> &[Layer] {
            self.needs
        }
        fn provides(&self) -> &[Layer] {
            self.provides
        }
        fn process(&self, doc: &mut Document) -> Result<()> {
            if self.provides.contains(&Layer::Sentences) {
                let len = doc.raw().len();
                doc.set_sentences(vec![Span::new(0, len)])?;
            }
            Ok(())
        }
    }

    const SEG: Fake = Fake {
        name: "seg",
        needs: &[],
        provides: &[Layer::Sentences],
    };
    const QUO: Fake = Fake {
        name: "quo",
        needs: &[Layer::Sentences],
        provides: &[Layer::Quotes],
    };

    #[test]
    fn rejects_a_stage_before_its_provider() {
        let err = Pipeline::builder()
            .stage(QUO)
            .stage(SEG)
            .build()
            .unwrap_err();
        assert_eq!(
            err,
            Error::MissingLayer {
                stage: "quo".into(),
                layer: Layer::Sentences
            }
        );
        assert!(err.to_string().contains("needs the `sentences` layer"));
    }

    #[test]
    fn rejects_two_providers_and_empty() {
        let err = Pipeline::builder()
            .stage(SEG)
            .stage(SEG)
            .build()
            .unwrap_err();
        assert!(matches!(
            err,
            Error::DuplicateLayer {
                layer: Layer::Sentences,
                ..
            }
        ));
        assert_eq!(
            Pipeline::builder().build().unwrap_err(),
            Error::EmptyPipeline
        );
    }

    #[test]
    fn runs_in_order_and_enforces_the_size_limit() {
        let p = Pipeline::builder().stage(SEG).stage(QUO).build().unwrap();
        assert_eq!(p.stage_names().collect::<Vec<_>>(), ["seg", "quo"]);
        let doc = p.run("abc").unwrap();
        assert_eq!(doc.sentences(), Some(&[Span::new(0, 3)][..]));
        let p = Pipeline::builder()
            .stage(SEG)
            .max_input_bytes(2)
            .build()
            .unwrap();
        assert_eq!(
            p.run("abc").unwrap_err(),
            Error::InputTooLarge { len: 3, limit: 2 }
        );
    }

    struct Panicky;
    impl Stage for Panicky {
        fn name(&self) -> &str {
            "panicky"
        }
        fn provides(&self) -> &[Layer] {
            &[Layer::Quotes]
        }
        fn process(&self, doc: &mut Document) -> Result<()> {
            if doc.raw().contains("boom") {
                panic!("boom in stage");
            }
            if doc.raw().contains("fail") {
                return Err(Error::Stage {
                    stage: "panicky".into(),
                    message: "fail".into(),
                });
            }
            Ok(())
        }
    }

    #[test]
    fn batches_keep_order_and_isolate_failures() {
        let p = Pipeline::builder()
            .stage(SEG)
            .stage(Panicky)
            .build()
            .unwrap();
        let inputs: Vec<String> = (0..50)
            .map(|i| match i % 10 {
                3 => format!("fail {i}"),
                7 => format!("boom {i}"),
                _ => format!("doc {i}"),
            })
            .collect();
        for threads in [1, 3] {
            let out = p.process_batch(&inputs, threads);
            assert_eq!(out.len(), inputs.len());
            for (i, r) in out.iter().enumerate() {
                match i % 10 {
                    3 => {
                        assert!(matches!(r, Err(Error::Stage { message, .. }) if message == "fail"))
                    }
                    7 => assert!(
                        matches!(r, Err(Error::Stage { message, .. }) if message.contains("boom in stage"))
                    ),
                    _ => assert_eq!(r.as_ref().unwrap().raw(), inputs[i]),
                }
            }
        }
        let streamed: Vec<_> = p.process_iter(inputs.iter(), 2, 7).collect();
        assert_eq!(streamed.len(), 50);
        assert_eq!(streamed[11].as_ref().unwrap().raw(), "doc 11");
        assert!(p.process_batch::<&str>(&[], 4).is_empty());
    }

    /// Counts the documents it sees.
    struct Count(std::sync::Arc<AtomicUsize>);
    impl Stage for Count {
        fn name(&self) -> &str {
            "count"
        }
        fn provides(&self) -> &[Layer] {
            &[Layer::Entities]
        }
        fn process(&self, _doc: &mut Document) -> Result<()> {
            self.0.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }

    #[test]
    fn stage_by_stage_gives_each_document_its_own_result() {
        let seen = std::sync::Arc::new(AtomicUsize::new(0));
        let p = Pipeline::builder()
            .stage(SEG)
            .stage(Panicky)
            .stage(Count(seen.clone()))
            .max_input_bytes(12)
            .build()
            .unwrap();
        let inputs = [
            "doc 0",
            "fail 1",
            "boom 2",
            "doc 3",
            "far too long 4",
            "doc 5",
        ];
        let mut docs: Vec<Document> = inputs.iter().map(|&i| Document::new(i)).collect();
        let results = p.process_each(&mut docs);
        assert_eq!(results.len(), inputs.len());
        for ((input, got), doc) in inputs.iter().zip(&results).zip(&docs) {
            let alone = p.run_guarded(*input).map(|_| ());
            assert_eq!(got, &alone, "{input}");
            if got.is_ok() {
                assert_eq!(doc.sentences(), Some(&[Span::new(0, input.len())][..]));
            }
        }
        // the last stage saw only the three documents that got through (and `run_guarded`
        // above ran it on them once more)
        assert_eq!(seen.load(Ordering::Relaxed), 6);
        assert!(p.process_each(&mut []).is_empty());
    }

    #[test]
    fn pipeline_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Pipeline>();
    }
}
