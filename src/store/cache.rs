//! A slot in which the graph keeps, between calls, a cache that a layer above the store
//! builds (the merge's name blocks), without the store knowing its type: the store stays
//! below the corpus layer that owns the cache's meaning.

use std::any::Any;

/// A type-erased cache: empty, or one value that its owner put there. A copy of a graph
/// starts empty (rebuilding costs less than copying a cache with every clone), and the
/// cache is not part of the graph's equality or memory report.
#[derive(Default)]
pub(crate) struct Cache(Option<Box<dyn Any + Send + Sync>>);

impl Cache {
    /// The value kept, leaving the slot empty; `T::default()` when the slot is empty or
    /// holds another type.
    pub(crate) fn take<T: Any + Default>(&mut self) -> T {
        self.0
            .take()
            .and_then(|b| b.downcast::<T>().ok())
            .map_or_else(T::default, |b| *b)
    }

    /// Keeps `value` until the next [`take`](Self::take).
    pub(crate) fn put<T: Any + Send + Sync>(&mut self, value: T) {
        self.0 = Some(Box::new(value));
    }
}

impl Clone for Cache {
    fn clone(&self) -> Self {
        Cache(None)
    }
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Cache(kept)"
        } else {
            "Cache(empty)"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_what_was_put_once() {
        let mut c = Cache::default();
        c.put(vec![1u8, 2]);
        assert_eq!(
            c.clone().take::<Vec<u8>>(),
            Vec::<u8>::new(),
            "a copy starts empty"
        );
        assert_eq!(c.take::<Vec<u8>>(), vec![1, 2]);
        assert_eq!(c.take::<Vec<u8>>(), Vec::<u8>::new());
        c.put(7u32);
        assert_eq!(c.take::<String>(), "", "another type is not handed out");
    }
}
