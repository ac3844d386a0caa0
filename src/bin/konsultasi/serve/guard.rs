//! What keeps one abusive client from taking the server down for the others: a cap on sign-in
//! attempts per address and minute (refused before any password is hashed), and a cap on how
//! many Argon2 hashes run at once (each takes 19 MiB and tens of milliseconds of a core).
//!
//! Both live in this process's memory: they protect the process. The lockout of an account
//! after failed passwords is the core's rule and lives in the database, shared by every server.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use tokio::sync::{Semaphore, SemaphorePermit};

use konsultasi::error::Error;

/// How long a sign-in waits for a free hashing slot before the server says it is busy.
const HASH_QUEUE_WAIT: Duration = Duration::from_secs(5);
const WINDOW: Duration = Duration::from_secs(60);

pub struct Guard {
    per_minute: u32,
    attempts: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    hashing: Semaphore,
}

impl Guard {
    pub fn new(per_minute: u32) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            per_minute,
            attempts: Mutex::new(HashMap::new()),
            hashing: Semaphore::new(cores),
        }
    }

    /// Counts a sign-in attempt from `address`; refused past the minute's allowance.
    pub fn admit_sign_in(&self, address: IpAddr) -> Result<(), Error> {
        let now = Instant::now();
        let mut attempts = match self.attempts.lock() {
            Ok(guard) => guard,
            Err(poisoned) => poisoned.into_inner(),
        };
        if attempts.len() > 10_000 {
            attempts.retain(|_, (since, _)| now.duration_since(*since) < WINDOW);
        }
        let entry = attempts.entry(address).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.per_minute {
            let wait = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(Error::Throttled {
                message: format!(
                    "Terlalu banyak percobaan masuk dari alamat ini; coba lagi dalam {} detik",
                    wait.as_secs().max(1)
                ),
                retry_after_seconds: wait.as_secs().max(1),
            });
        }
        Ok(())
    }

    /// A slot to hash a password in, waiting a little when every core is busy hashing.
    pub async fn hashing_slot(&self) -> Result<SemaphorePermit<'_>, Error> {
        match tokio::time::timeout(HASH_QUEUE_WAIT, self.hashing.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(Error::Throttled {
                message: "Server sedang sibuk memeriksa kata sandi; coba lagi sebentar".into(),
                retry_after_seconds: 2,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_past_its_allowance_waits_and_others_do_not() {
        let guard = Guard::new(3);
        let noisy: IpAddr = [10, 0, 0, 1].into();
        let quiet: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..3 {
            assert!(guard.admit_sign_in(noisy).is_ok());
        }
        assert!(matches!(
            guard.admit_sign_in(noisy),
            Err(Error::Throttled { .. })
        ));
        assert!(guard.admit_sign_in(quiet).is_ok());
    }
}
