//! Shared element buffers and the cache of freed large buffers.
//!
//! A fresh 40 MB buffer from the system costs about 10,000 page faults the first time it is
//! written (PyTorch's out-of-place add at 1e7 elements spends about 70% of its time there).
//! So buffers of [`CACHE_MIN_BYTES`] or more are allocated in size buckets (four per power of
//! two, so at most 25% is wasted) and, when freed, kept in a bounded cache for the next
//! allocation of the same bucket, like PyTorch's CUDA caching allocator. [`empty_cache`] gives
//! the cached memory back to the system. Mid-size buffers go through the cache too: a
//! fresh one from `calloc` is zeroed by a `memset` on every call once the allocator reuses
//! its heap (28% of a `relu` of 6e4 `f32` from Python, profiled), while a cached one is
//! handed out as it is.
//!
//! Invariant: every byte of every allocation is initialized. Fresh allocations are zeroed
//! (for large ones the kernel hands out zero pages, so this costs nothing until written), and
//! a cached buffer keeps the bytes of its last user, which were initialized values of a
//! plain type; `bool` buffers taken from the cache are zeroed so that each byte is 0 or 1.

use std::alloc::{self, Layout as AllocLayout};
use std::any::Any;
use std::collections::HashMap;
use std::mem::size_of;
use std::ptr::NonNull;
use std::sync::Mutex;

use crate::dtype::{DType, Element};
use crate::error::{Error, Result};

/// Buffers this large or larger go through the cache: all but the small ones, whose
/// `malloc` is cheaper than the cache's lock.
pub const CACHE_MIN_BYTES: usize = SMALL_BYTES;
/// The cache holds at most this many bytes; a freed buffer that does not fit is released.
pub const CACHE_MAX_BYTES: usize = 1 << 30;
/// Alignment of every allocation of at least [`SMALL_BYTES`]: one cache line, and a full
/// AVX-512 vector.
const ALIGN: usize = 64;
/// Below this size a buffer takes the system allocator's natural alignment,
/// [`SMALL_ALIGN`]: an over-aligned request goes through `posix_memalign`, which cost
/// about a third of a 4-element `add` here, and a few vectors gain nothing from alignment.
const SMALL_BYTES: usize = 4096;
/// The alignment `malloc` gives on 64-bit targets, enough for every element type.
const SMALL_ALIGN: usize = 16;

struct Cache {
    free: HashMap<usize, Vec<SendPtr>>,
    bytes: usize,
}

struct SendPtr(NonNull<u8>);
// SAFETY: the cache only stores pointers to allocations nobody references any more; moving
// such a pointer between threads is moving ownership of plain bytes.
unsafe impl Send for SendPtr {}

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);

fn with_cache<R>(f: impl FnOnce(&mut Cache) -> R) -> R {
    // A poisoned lock only means another thread panicked while holding it; the map is still
    // a valid map of free buffers.
    let mut guard = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    let cache = guard.get_or_insert_with(|| Cache {
        free: HashMap::new(),
        bytes: 0,
    });
    f(cache)
}

/// Rounds a byte size up to its bucket: four buckets per power of two.
fn bucket_size(bytes: usize) -> usize {
    if bytes < CACHE_MIN_BYTES {
        return bytes.next_multiple_of(ALIGN);
    }
    let top = usize::BITS - 1 - bytes.leading_zeros();
    let quarter = 1usize << (top - 2);
    bytes.next_multiple_of(quarter)
}

/// Releases every cached buffer to the system (like `torch.cuda.empty_cache`).
pub fn empty_cache() {
    let drained: Vec<(usize, Vec<SendPtr>)> = with_cache(|c| {
        c.bytes = 0;
        c.free.drain().collect()
    });
    for (bytes, ptrs) in drained {
        for p in ptrs {
            // SAFETY: cached pointers were allocated with exactly this layout and are owned
            // by nobody else.
            unsafe { alloc::dealloc(p.0.as_ptr(), alloc_layout(bytes)) };
        }
    }
}

/// Bytes currently held by the cache of freed buffers.
pub fn cached_bytes() -> usize {
    with_cache(|c| c.bytes)
}

fn alloc_layout(bytes: usize) -> AllocLayout {
    // Sizes come from `bucket_size`, which never exceeds isize::MAX - ALIGN (checked in
    // `Storage::new`), so the layout is always valid. The alignment is a function of the
    // bucket size alone, so a buffer is freed with the layout it was allocated with.
    let align = if bytes < SMALL_BYTES {
        SMALL_ALIGN
    } else {
        ALIGN
    };
    AllocLayout::from_size_align(bytes, align).expect("bucketed sizes form valid layouts")
}

/// How a buffer was allocated, and so how it is given back.
enum Origin {
    /// From the bucketed allocator; `bytes` is the bucket size.
    Pool { bytes: usize },
    /// Taken over from a `Vec` with this capacity.
    Vec { capacity: usize },
    /// Memory owned by someone else (a NumPy array, say): `owner` keeps it alive and is
    /// dropped instead of freeing the buffer.
    Foreign {
        #[allow(dead_code)] // held only to be dropped
        owner: ForeignOwner,
    },
}

/// The owner of foreign memory, held only to be dropped.
struct ForeignOwner(#[allow(dead_code)] Box<dyn Any + Send + Sync>);

// The owner is never read or called, only dropped, so a panic cannot observe it in a broken
// state: a storage stays unwind-safe (as with the other origins) whatever the owner is.
impl std::panic::UnwindSafe for ForeignOwner {}
impl std::panic::RefUnwindSafe for ForeignOwner {}

/// A contiguous buffer of `len` initialized elements.
pub struct Storage<T: Element> {
    ptr: NonNull<T>,
    len: usize,
    origin: Origin,
}

// SAFETY: `Storage` owns its buffer exclusively, like a `Vec<T>`; sharing happens through
// `Arc<Storage>` with `&` access only, and `T: Element` is `Send + Sync`.
unsafe impl<T: Element> Send for Storage<T> {}
// SAFETY: as above; `&Storage` gives only shared reads.
unsafe impl<T: Element> Sync for Storage<T> {}

impl<T: Element> Storage<T> {
    /// A buffer of `len` elements with unspecified (but valid) contents: the caller
    /// overwrites every element. `op` names the op in an allocation error.
    pub(crate) fn new(len: usize, op: &'static str) -> Result<Self> {
        let bytes = len
            .checked_mul(size_of::<T>())
            .filter(|&b| b <= isize::MAX as usize - 2 * CACHE_MIN_BYTES)
            .ok_or_else(|| Error::Alloc {
                op,
                bytes: len.saturating_mul(size_of::<T>()),
            })?;
        if bytes == 0 {
            return Ok(Self::from_vec(Vec::new()));
        }
        let bucket = bucket_size(bytes);
        if bucket >= CACHE_MIN_BYTES {
            let reused = with_cache(|c| {
                let p = c.free.get_mut(&bucket)?.pop()?;
                c.bytes -= bucket;
                Some(p.0)
            });
            if let Some(p) = reused {
                if T::DTYPE == DType::Bool {
                    // SAFETY: `p` is a live allocation of `bucket >= bytes` bytes.
                    unsafe { p.as_ptr().write_bytes(0, bytes) };
                }
                return Ok(Storage {
                    ptr: p.cast(),
                    len,
                    origin: Origin::Pool { bytes: bucket },
                });
            }
        }
        // SAFETY: the layout has a non-zero size.
        let raw = unsafe { alloc::alloc_zeroed(alloc_layout(bucket)) };
        let ptr = NonNull::new(raw).ok_or(Error::Alloc { op, bytes })?;
        Ok(Storage {
            ptr: ptr.cast(),
            len,
            origin: Origin::Pool { bytes: bucket },
        })
    }

    /// A buffer with every element set to `value`.
    pub(crate) fn full(len: usize, value: T, op: &'static str) -> Result<Self> {
        let mut s = Self::new(len, op)?;
        crate::kernel::fill(s.as_mut_slice(), value);
        Ok(s)
    }

    /// Takes over a `Vec` without copying.
    pub(crate) fn from_vec(v: Vec<T>) -> Self {
        let mut v = std::mem::ManuallyDrop::new(v);
        let ptr = NonNull::new(v.as_mut_ptr()).expect("Vec pointers are never null");
        Storage {
            ptr,
            len: v.len(),
            origin: Origin::Vec {
                capacity: v.capacity(),
            },
        }
    }

    /// A buffer over `len` elements of memory owned by `owner`, without copying: the
    /// storage reads (and, when it is the only user, writes) that memory and drops `owner`
    /// when it is dropped, instead of freeing anything.
    ///
    /// # Safety
    /// `ptr` must point to `len` initialized, aligned elements of `T` (each a valid `T`:
    /// for `bool`, every byte 0 or 1) that stay allocated, unmoved and writable until `owner`
    /// is dropped. Writes through other handles on that memory are the caller's concern: they
    /// must not race with reads or writes through this storage.
    pub unsafe fn from_foreign(
        ptr: NonNull<T>,
        len: usize,
        owner: Box<dyn Any + Send + Sync>,
    ) -> Self {
        Storage {
            ptr,
            len,
            origin: Origin::Foreign {
                owner: ForeignOwner(owner),
            },
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` if the buffer has no elements.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The elements.
    pub fn as_slice(&self) -> &[T] {
        // SAFETY: `ptr` points to `len` initialized elements owned by `self` (module
        // invariant), and `&self` forbids concurrent mutation.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The elements, mutably.
    pub fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`, and `&mut self` makes the access exclusive.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl<T: Element> Drop for Storage<T> {
    fn drop(&mut self) {
        match self.origin {
            // The owner is dropped with the field, which releases the memory its own way.
            Origin::Foreign { .. } => {}
            Origin::Vec { capacity } => {
                // SAFETY: ptr, len and capacity came from a `Vec<T>` we took over whole.
                drop(unsafe { Vec::from_raw_parts(self.ptr.as_ptr(), self.len, capacity) });
            }
            Origin::Pool { bytes } => {
                let ptr = self.ptr.cast::<u8>();
                if bytes >= CACHE_MIN_BYTES {
                    let kept = with_cache(|c| {
                        if c.bytes + bytes > CACHE_MAX_BYTES {
                            return false;
                        }
                        c.bytes += bytes;
                        c.free.entry(bytes).or_default().push(SendPtr(ptr));
                        true
                    });
                    if kept {
                        return;
                    }
                }
                // SAFETY: allocated in `new` with this exact layout; no one else owns it.
                unsafe { alloc::dealloc(ptr.as_ptr(), alloc_layout(bytes)) };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_waste_at_most_a_quarter() {
        for bytes in [
            CACHE_MIN_BYTES,
            CACHE_MIN_BYTES + 1,
            40_000_000,
            (1 << 30) + 7,
        ] {
            let b = bucket_size(bytes);
            assert!(b >= bytes && (b - bytes) * 4 <= bytes, "{bytes} -> {b}");
        }
        assert_eq!(bucket_size(100), 128);
    }

    #[test]
    fn freed_large_and_mid_size_buffers_are_reused() {
        for len in [1_000_003, 10_007] {
            let a = Storage::<f32>::full(len, 1.5, "test").unwrap();
            let p = a.as_slice().as_ptr() as usize;
            drop(a);
            // Another test may take the buffer first; try a few times with the same bucket.
            let reused = (0..4).any(|_| {
                let b = Storage::<f32>::new(len, "test").unwrap();
                b.as_slice().as_ptr() as usize == p
            });
            assert!(reused || cached_bytes() > 0, "{len}");
        }
    }

    #[test]
    fn reused_bool_buffers_hold_valid_bools() {
        let len = 2 * CACHE_MIN_BYTES;
        drop(Storage::<f32>::full(len / 4, f32::from_bits(0x7f7f_7f7f), "test").unwrap());
        let b = Storage::<bool>::new(len, "test").unwrap();
        // Every byte must be 0 or 1 for `bool` reads to be defined.
        assert!(b.as_slice().iter().all(|&x| !x));
    }

    #[test]
    fn impossible_sizes_are_errors() {
        assert!(matches!(
            Storage::<f64>::new(usize::MAX / 4, "zeros"),
            Err(Error::Alloc { op: "zeros", .. })
        ));
    }

    #[test]
    fn foreign_storage_reads_the_memory_and_drops_its_owner() {
        use std::sync::Arc;
        let mut data = vec![1.5f32, 2.5, 3.5];
        let ptr = NonNull::new(data.as_mut_ptr()).unwrap();
        // The owner here is the Vec itself (moved, its heap buffer stays put) plus a probe
        // whose strong count shows when the owner is dropped.
        let probe = Arc::new(());
        let owner: Box<dyn Any + Send + Sync> = Box::new((data, Arc::clone(&probe)));
        // SAFETY: `ptr` points to the 3 initialized f32 of the Vec now inside `owner`, whose
        // heap buffer does not move when the Vec is moved, and nothing else touches it.
        let mut s = unsafe { Storage::from_foreign(ptr, 3, owner) };
        assert_eq!(s.as_slice(), &[1.5, 2.5, 3.5]);
        s.as_mut_slice()[1] = 9.0;
        assert_eq!(s.as_slice(), &[1.5, 9.0, 3.5]);
        assert_eq!(Arc::strong_count(&probe), 2);
        drop(s);
        assert_eq!(Arc::strong_count(&probe), 1);
    }

    #[test]
    fn vec_round_trip_keeps_values() {
        let s = Storage::from_vec(vec![1i64, 2, 3]);
        assert_eq!(s.as_slice(), &[1, 2, 3]);
        assert_eq!(Storage::<f32>::new(0, "t").unwrap().len(), 0);
    }
}
