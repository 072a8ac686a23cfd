import CCurl
import Foundation
import Synchronization

/// The dedicated thread that drives one libcurl multi handle, and the queue that feeds it.
///
/// The thread loops `curl_multi_perform` → `curl_multi_info_read` → `curl_multi_poll`. Callers queue
/// exchanges under a lock and wake the thread with `curl_multi_wakeup`, the one multi call that is safe
/// from any thread. Finished easy handles are reset and kept for the next exchange; connections live in the
/// multi handle's cache, so they outlive the easy handle that opened them.
final class CurlTransportLoop: @unchecked Sendable { // multi and easy handles, running exchanges and idle handles are touched only on the loop thread; `inbox` guards the rest
    private struct Inbox {
        var queued: [CurlTransportExchange] = []
        var stopping = false
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let inbox = Mutex(Inbox())
    private let multi: UnsafeMutableRawPointer
    private let configuration: CurlTransport.Configuration
    private var running: [UnsafeMutableRawPointer: CurlTransportExchange] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    /// New connections opened so far (sum of `CURLINFO_NUM_CONNECTS` over finished transfers).
    let connectionsOpened = Atomic<Int>(0)

    init(configuration: CurlTransport.Configuration) {
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        self.configuration = configuration
        _ = hub_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxIdleConnections)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "CurlTransportLoop"
        thread.start()
    }

    /// Queues an exchange, or fails it as `notSent` once the loop is stopping.
    func submit(_ exchange: CurlTransportExchange) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.queued.append(exchange)
            // Woken under the lock: the loop frees the multi handle only after it has seen `stopping`.
            curl_multi_wakeup(multi)
            return true
        }
        if !accepted {
            exchange.finish(.failure(TransportError(.notSent, "transport shut down before the request to \(exchange.host) started")))
        }
    }

    /// Asks the thread to stop without waiting for it.
    func requestStop() {
        inbox.withLock { inbox in
            guard !inbox.stopping else { return }
            inbox.stopping = true
            curl_multi_wakeup(multi)
        }
    }

    /// Asks the thread to stop and returns once it has failed every exchange and freed libcurl's handles.
    func stop() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let alreadyStopped = inbox.withLock { inbox in
                guard !inbox.stopped else { return true }
                inbox.stopWaiters.append(waiter)
                if !inbox.stopping {
                    inbox.stopping = true
                    curl_multi_wakeup(multi)
                }
                return false
            }
            if alreadyStopped { waiter.resume() }
        }
    }

    private func run() {
        while true {
            let arrivals: [CurlTransportExchange]? = inbox.withLock { inbox in
                guard !inbox.stopping else { return nil }
                defer { inbox.queued.removeAll() }
                return inbox.queued
            }
            guard let arrivals else { break }
            arrivals.forEach(begin)
            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            collectFinished()
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        tearDown()
    }

    private func begin(_ exchange: CurlTransportExchange) {
        guard let handle = idleHandles.popLast() ?? curl_easy_init() else {
            exchange.finish(.failure(TransportError(.notSent, "libcurl could not create a handle for \(exchange.host)")))
            return
        }
        do throws(TransportError) {
            try exchange.configure(handle, with: configuration)
        } catch {
            recycle(handle)
            exchange.finish(.failure(error))
            return
        }
        let added = curl_multi_add_handle(multi, handle)
        guard added == CURLM_OK else {
            recycle(handle)
            let text = String(cString: curl_multi_strerror(added))
            exchange.finish(.failure(TransportError(.notSent, "libcurl refused the request to \(exchange.host): \(text)")))
            return
        }
        running[handle] = exchange
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = hub_curl_msg_result(message)
            guard let exchange = running.removeValue(forKey: handle) else { continue }
            curl_multi_remove_handle(multi, handle)
            var connects = 0
            if hub_curl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK {
                connectionsOpened.add(connects, ordering: .relaxed)
            }
            let outcome: Result<HTTPResponse, TransportError>
            if code == CURLE_OK {
                var status = 0
                _ = hub_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
                outcome = .success(exchange.response(status: status))
            } else {
                outcome = .failure(CurlTransportFailure.classify(
                    code, requestIssued: exchange.requestIssued, bodyLimitExceeded: exchange.bodyLimitExceeded,
                    limit: configuration.maxResponseBodyBytes, host: exchange.host))
            }
            exchange.finish(outcome)
            recycle(handle)
        }
    }

    private func recycle(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        idleHandles.append(handle)
    }

    /// Fails what is left (queued: `notSent`; running: by whether the request was issued), frees libcurl's
    /// handles, then releases whoever awaits `stop()`.
    private func tearDown() {
        let queued = inbox.withLock { inbox in
            defer { inbox.queued.removeAll() }
            return inbox.queued
        }
        for exchange in queued {
            exchange.finish(.failure(TransportError(.notSent, "transport shut down before the request to \(exchange.host) started")))
        }
        for (handle, exchange) in running {
            curl_multi_remove_handle(multi, handle)
            exchange.finish(.failure(CurlTransportFailure.interrupted(requestIssued: exchange.requestIssued, host: exchange.host)))
            curl_easy_cleanup(handle)
        }
        running.removeAll()
        idleHandles.forEach(curl_easy_cleanup)
        idleHandles.removeAll()
        curl_multi_cleanup(multi)
        let waiters = inbox.withLock { inbox in
            inbox.stopped = true
            defer { inbox.stopWaiters.removeAll() }
            return inbox.stopWaiters
        }
        waiters.forEach { $0.resume() }
    }
}
