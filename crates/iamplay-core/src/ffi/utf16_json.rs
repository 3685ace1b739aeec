//! Serializes any core output with every `Position` converted from bytes to UTF-16 code units of the input
//! text, so JavaScript and Monaco get positions they can use directly. The core's types stay byte-based and
//! unaware of this: a serializer adapter recognizes `Position` by its struct name while forwarding everything
//! else unchanged, in one pass and without an intermediate `serde_json::Value`.

use crate::utf16::Utf16Index;
use serde::ser::{self, Error as _, Serialize, Serializer};

/// The name serde's derive gives `crate::diagnostic::Position` (the struct's own name).
const POSITION: &str = "Position";
/// The field that marks a statement or policy of an AWS managed policy attached by ARN: the spans after it
/// point into that policy's own text, which is pure ASCII (`managed::ManagedPolicy::text`), so their byte
/// positions already are UTF-16 positions and are written unchanged.
const MANAGED_ARN: &str = "managedArn";

/// `value` serialized with its positions in UTF-16 units of the text `index` was built from.
pub(crate) struct Utf16<'a, T: ?Sized> {
    pub value: &'a T,
    pub index: &'a Utf16Index<'a>,
}

impl<T: ?Sized + Serialize> Serialize for Utf16<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Adapter {
            inner: serializer,
            index: self.index,
        })
    }
}

/// Forwards to `inner`, wrapping every nested value so the conversion reaches all depths.
struct Adapter<'a, S> {
    inner: S,
    index: &'a Utf16Index<'a>,
}

impl<'a, S> Adapter<'a, S> {
    fn wrap<'v, T: ?Sized>(&self, value: &'v T) -> Utf16<'v, T>
    where
        'a: 'v,
    {
        Utf16 {
            value,
            index: self.index,
        }
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method(self $(, $arg: $ty)*) -> Result<S::Ok, S::Error> {
            self.inner.$method($($arg),*)
        })*
    };
}

impl<'a, S: Serializer> Serializer for Adapter<'a, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compound<'a, S::SerializeSeq>;
    type SerializeTuple = Compound<'a, S::SerializeTuple>;
    type SerializeTupleStruct = Compound<'a, S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compound<'a, S::SerializeTupleVariant>;
    type SerializeMap = Compound<'a, S::SerializeMap>;
    type SerializeStruct = StructCompound<'a, S::SerializeStruct>;
    type SerializeStructVariant = Compound<'a, S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_f32(v: f32);
        serialize_f64(v: f64);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<S::Ok, S::Error> {
        let wrapped = self.wrap(value);
        self.inner.serialize_some(&wrapped)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let wrapped = self.wrap(value);
        self.inner.serialize_newtype_struct(name, &wrapped)
    }

    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let wrapped = self.wrap(value);
        self.inner
            .serialize_newtype_variant(name, index, variant, &wrapped)
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        let index = self.index;
        Ok(Compound {
            inner: self.inner.serialize_seq(len)?,
            index,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        let index = self.index;
        Ok(Compound {
            inner: self.inner.serialize_tuple(len)?,
            index,
        })
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        let index = self.index;
        Ok(Compound {
            inner: self.inner.serialize_tuple_struct(name, len)?,
            index,
        })
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let index = self.index;
        Ok(Compound {
            inner: self
                .inner
                .serialize_tuple_variant(name, variant_index, variant, len)?,
            index,
        })
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        let index = self.index;
        Ok(Compound {
            inner: self.inner.serialize_map(len)?,
            index,
        })
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        let index = self.index;
        Ok(StructCompound {
            inner: self.inner.serialize_struct(name, len)?,
            index,
            position: (name == POSITION).then_some(None),
            raw: false,
        })
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        variant_index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let index = self.index;
        Ok(Compound {
            inner: self
                .inner
                .serialize_struct_variant(name, variant_index, variant, len)?,
            index,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A sequence, tuple, map or variant being written: wraps each element.
struct Compound<'a, C> {
    inner: C,
    index: &'a Utf16Index<'a>,
}

impl<C: ser::SerializeSeq> ser::SerializeSeq for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value,
            index: self.index,
        };
        self.inner.serialize_element(&wrapped)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeTuple> ser::SerializeTuple for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value,
            index: self.index,
        };
        self.inner.serialize_element(&wrapped)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeTupleStruct> ser::SerializeTupleStruct for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value,
            index: self.index,
        };
        self.inner.serialize_field(&wrapped)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeTupleVariant> ser::SerializeTupleVariant for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value,
            index: self.index,
        };
        self.inner.serialize_field(&wrapped)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeMap> ser::SerializeMap for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value: key,
            index: self.index,
        };
        self.inner.serialize_key(&wrapped)
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value,
            index: self.index,
        };
        self.inner.serialize_value(&wrapped)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: ser::SerializeStructVariant> ser::SerializeStructVariant for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;
    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        let wrapped = Utf16 {
            value,
            index: self.index,
        };
        self.inner.serialize_field(key, &wrapped)
    }
    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

/// A struct being written. For a `Position`, `position` is `Some`: its fields are held back until `end`,
/// which writes them recomputed from the byte offset.
struct StructCompound<'a, C> {
    inner: C,
    index: &'a Utf16Index<'a>,
    /// `Some(None)` for a `Position` whose `offset` has not been seen yet, `Some(Some(offset))` after.
    position: Option<Option<usize>>,
    /// A `managedArn` field was written: the rest of this struct is not in the input text's coordinates.
    raw: bool,
}

impl<C: ser::SerializeStruct> ser::SerializeStruct for StructCompound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        match &mut self.position {
            Some(offset) => {
                // Only the byte offset matters: line and column are recomputed from it.
                if key == "offset" {
                    let bytes = serde_json::to_value(value)
                        .ok()
                        .and_then(|number| number.as_u64())
                        .and_then(|number| usize::try_from(number).ok())
                        .ok_or_else(|| C::Error::custom("a Position offset is not a number"))?;
                    *offset = Some(bytes);
                }
                Ok(())
            }
            None if self.raw => self.inner.serialize_field(key, value),
            None => {
                if key == MANAGED_ARN {
                    self.raw = serde_json::to_value(value).is_ok_and(|arn| arn.is_string());
                }
                let wrapped = Utf16 {
                    value,
                    index: self.index,
                };
                self.inner.serialize_field(key, &wrapped)
            }
        }
    }

    fn end(mut self) -> Result<C::Ok, C::Error> {
        if let Some(offset) = self.position {
            let offset = offset.ok_or_else(|| C::Error::custom("a Position without an offset"))?;
            let converted = self.index.position(offset);
            self.inner.serialize_field("line", &converted.line)?;
            self.inner.serialize_field("column", &converted.column)?;
            self.inner.serialize_field("offset", &converted.offset)?;
        }
        self.inner.end()
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }
}
