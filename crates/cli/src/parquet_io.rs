//! Parquet input and output for `nutgraf batch` (the `parquet` feature).
//!
//! Input: a text column (`Utf8`, `LargeUtf8` or `Utf8View`) and an optional id column (strings
//! or integers), read one record batch at a time. Output: one row per article, either one
//! column per record field (numbers as `Int64`, strings as `Utf8`, nested layers as JSON text)
//! or one `record` column holding the whole record as JSON. Both add `id`, `error` and `line`
//! (the input line or row of an error record). The file is written under a temporary name and
//! renamed when complete, so an interrupted run never leaves a truncated Parquet file.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, Int64Array, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use serde_json::Value;

use crate::batch::{CHUNK_ITEMS, Done, Pending, Source, Tally};

/// Rows per row group of the output: bounds the writer's buffered memory.
const ROW_GROUP_ROWS: usize = 1024;

/// Reads articles from a Parquet file.
pub struct ParquetSource {
    reader: ParquetRecordBatchReader,
    name: String,
    text_col: String,
    id_col: String,
    row_no: u64,
    total_rows: u64,
    file_len: u64,
    consumed: Arc<AtomicU64>,
    consumed_before: u64,
}

impl ParquetSource {
    /// Opens `path`, reading only the text and id columns.
    ///
    /// # Errors
    /// The file cannot be read, is not Parquet, or has no text column of a string type.
    pub fn open(
        path: &Path,
        text_col: &str,
        id_col: &str,
        consumed: Arc<AtomicU64>,
    ) -> Result<Self, String> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let builder = ParquetRecordBatchReaderBuilder::try_new(file)
            .map_err(|e| format!("cannot read {name} as Parquet: {e}"))?;
        let schema = Arc::clone(builder.schema());
        let Ok(text_idx) = schema.index_of(text_col) else {
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            return Err(format!(
                "{name}: no column `{text_col}` (columns: {}); see --text-field",
                names.join(", ")
            ));
        };
        if !matches!(
            schema.field(text_idx).data_type(),
            DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
        ) {
            return Err(format!(
                "{name}: column `{text_col}` is {}, not a string column",
                schema.field(text_idx).data_type()
            ));
        }
        let mut roots = vec![text_idx];
        roots.extend(schema.index_of(id_col).ok());
        let total_rows = u64::try_from(builder.metadata().file_metadata().num_rows()).unwrap_or(0);
        let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
        let reader = builder
            .with_projection(mask)
            .with_batch_size(CHUNK_ITEMS)
            .build()
            .map_err(|e| format!("cannot read {name} as Parquet: {e}"))?;
        let consumed_before = consumed.load(Ordering::Relaxed);
        Ok(ParquetSource {
            reader,
            name,
            text_col: text_col.to_owned(),
            id_col: id_col.to_owned(),
            row_no: 0,
            total_rows,
            file_len,
            consumed,
            consumed_before,
        })
    }
}

/// The id of row `i` as JSON: strings and integers; null when absent or of another type.
fn id_at(col: Option<&ArrayRef>, i: usize) -> Value {
    let Some(col) = col else { return Value::Null };
    if col.is_null(i) {
        return Value::Null;
    }
    macro_rules! prim {
        ($($t:ty),*) => {
            $(if let Some(a) = col.as_primitive_opt::<$t>() {
                return Value::from(a.value(i));
            })*
        };
    }
    prim!(
        Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type
    );
    if let Some(a) = col.as_string_opt::<i32>() {
        return Value::from(a.value(i));
    }
    if let Some(a) = col.as_string_opt::<i64>() {
        return Value::from(a.value(i));
    }
    if let Some(a) = col.as_string_view_opt() {
        return Value::from(a.value(i));
    }
    Value::Null
}

/// The text of row `i`, or why there is none.
fn text_at(col: &ArrayRef, i: usize) -> Result<String, String> {
    if col.is_null(i) {
        return Err("the text is null".into());
    }
    if let Some(a) = col.as_string_opt::<i32>() {
        return Ok(a.value(i).to_owned());
    }
    if let Some(a) = col.as_string_opt::<i64>() {
        return Ok(a.value(i).to_owned());
    }
    if let Some(a) = col.as_string_view_opt() {
        return Ok(a.value(i).to_owned());
    }
    Err("the text column is not a string column".into())
}

impl Source for ParquetSource {
    fn next_chunk(
        &mut self,
        _max_items: usize,
        _max_bytes: usize,
        tally: &mut Tally,
    ) -> Result<Vec<Pending>, String> {
        let Some(batch) = self.reader.next() else {
            return Ok(Vec::new());
        };
        let batch = batch
            .map_err(|e| format!("cannot read {} after row {}: {e}", self.name, self.row_no))?;
        let text = batch
            .column_by_name(&self.text_col)
            .ok_or_else(|| format!("{}: no column `{}`", self.name, self.text_col))?;
        let ids = batch.column_by_name(&self.id_col);
        let mut chunk = Vec::with_capacity(batch.num_rows());
        for i in 0..batch.num_rows() {
            self.row_no += 1;
            let text = text_at(text, i);
            tally.bytes += text.as_ref().map_or(0, |t| t.len() as u64);
            chunk.push(Pending::Article {
                no: self.row_no,
                id: id_at(ids, i),
                text,
            });
        }
        // Progress: the share of the file's rows read so far.
        if self.total_rows > 0 {
            let done = self.file_len as f64 * self.row_no as f64 / self.total_rows as f64;
            self.consumed
                .store(self.consumed_before + done as u64, Ordering::Relaxed);
        }
        Ok(chunk)
    }
}

/// How one output column is filled from a record's field.
#[derive(Clone, Copy, Debug)]
enum ColKind {
    Int,
    Str,
    Json,
}

/// Writes results to a Parquet file.
pub struct ParquetSink {
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    /// Record fields written as columns (empty in JSON-column mode).
    fields: Vec<(String, ColKind)>,
    json_column: bool,
    partial: PathBuf,
    path: PathBuf,
}

impl ParquetSink {
    /// Creates `path` (first under a temporary name). `json_column` writes the whole record as
    /// one JSON column.
    ///
    /// # Errors
    /// The file cannot be created.
    pub fn create(path: &Path, json_column: bool) -> Result<Self, String> {
        let mut base = vec![
            Field::new("id", DataType::Utf8, true),
            Field::new("error", DataType::Utf8, true),
            Field::new("line", DataType::UInt64, true),
        ];
        let mut fields = Vec::new();
        if json_column {
            base.push(Field::new("record", DataType::Utf8, true));
        } else {
            // The record's fields, from the record of an empty document, so that the columns
            // follow the wire format.
            let doc = nutgraf::Document::new(String::new());
            let empty = serde_json::to_value(nutgraf::Record::new(&doc, Value::Null))
                .map_err(|e| e.to_string())?;
            if let Value::Object(map) = empty {
                for (key, v) in map {
                    if key == "id" {
                        continue;
                    }
                    let (kind, ty) = match v {
                        Value::Number(_) => (ColKind::Int, DataType::Int64),
                        Value::String(_) => (ColKind::Str, DataType::Utf8),
                        _ => (ColKind::Json, DataType::Utf8),
                    };
                    base.push(Field::new(&key, ty, true));
                    fields.push((key, kind));
                }
            }
        }
        let schema = Arc::new(Schema::new(base));
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        let partial = PathBuf::from(partial);
        let file = File::create(&partial)
            .map_err(|e| format!("cannot create {}: {e}", partial.display()))?;
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_size(ROW_GROUP_ROWS)
            .build();
        let writer = ArrowWriter::try_new(file, Arc::clone(&schema), Some(props))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        Ok(ParquetSink {
            writer,
            schema,
            fields,
            json_column,
            partial,
            path: path.to_owned(),
        })
    }

    /// Writes one chunk of results as a record batch.
    ///
    /// # Errors
    /// The write error.
    pub fn write(&mut self, done: &[Done]) -> Result<(), String> {
        let records: Vec<serde_json::Map<String, Value>> = done
            .iter()
            .map(|d| match serde_json::from_str(&d.json) {
                Ok(Value::Object(m)) => m,
                _ => serde_json::Map::new(),
            })
            .collect();
        let as_text = |v: Option<&Value>| match v {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
        };
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| as_text(r.get("id"))),
            )),
            Arc::new(StringArray::from_iter(
                records.iter().map(|r| as_text(r.get("error"))),
            )),
            Arc::new(UInt64Array::from_iter(records.iter().map(|r| {
                r.get("line")
                    .or_else(|| r.get("row"))
                    .and_then(Value::as_u64)
            }))),
        ];
        if self.json_column {
            columns.push(Arc::new(StringArray::from_iter(
                done.iter()
                    .zip(&records)
                    .map(|(d, r)| (!r.contains_key("error")).then(|| d.json.clone())),
            )));
        } else {
            for (key, kind) in &self.fields {
                let col: ArrayRef = match kind {
                    ColKind::Int => Arc::new(Int64Array::from_iter(
                        records.iter().map(|r| r.get(key).and_then(Value::as_i64)),
                    )),
                    ColKind::Str | ColKind::Json => Arc::new(StringArray::from_iter(
                        records.iter().map(|r| as_text(r.get(key))),
                    )),
                };
                columns.push(col);
            }
        }
        let batch = RecordBatch::try_new(Arc::clone(&self.schema), columns)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))?;
        self.writer
            .write(&batch)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }

    /// Writes the footer and moves the file to its final name.
    ///
    /// # Errors
    /// The write or rename error.
    pub fn finish(self) -> Result<(), String> {
        let name = self.path.display().to_string();
        self.writer
            .close()
            .map_err(|e| format!("cannot write {name}: {e}"))?;
        std::fs::rename(&self.partial, &self.path).map_err(|e| format!("cannot write {name}: {e}"))
    }
}
