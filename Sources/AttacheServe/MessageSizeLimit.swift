import FlyingFox
import Foundation

/// Closes a WebSocket (code 1009, message too big) whose client sends a
/// message larger than `limit` bytes. Pages never send anything, so a
/// large message can only be an attempt to make the server hold it.
///
/// FlyingFox hands over whole frames: a single frame is read into memory
/// before it is seen here (as far as the client actually sends it; the
/// declared length is not allocated up front). A message split into
/// continuation frames is cut at the first frame that takes it over the
/// limit, before FlyingFox joins the frames.
struct MessageSizeLimit: WSHandler {
    static let defaultLimit = 64 * 1024
    let limit: Int
    let inner: any WSHandler

    init(limit: Int = MessageSizeLimit.defaultLimit, inner: any WSHandler) {
        self.limit = limit
        self.inner = inner
    }

    func makeFrames(for client: AsyncThrowingStream<WSFrame, any Error>) async throws -> AsyncStream<WSFrame> {
        let reader = LimitedReader(client.makeAsyncIterator(), limit: limit)
        // The inner handler answers a close frame by sending it back and
        // ending the connection, which is what an oversized message gets.
        let limited = AsyncThrowingStream<WSFrame, any Error> { try await reader.next() }
        return try await inner.makeFrames(for: limited)
    }

    /// Pulled by one consumer at a time (the frame loop of the connection).
    private final class LimitedReader: @unchecked Sendable {
        private var frames: AsyncThrowingStream<WSFrame, any Error>.AsyncIterator
        private let limit: Int
        private var messageSize = 0
        private var ended = false

        init(_ frames: AsyncThrowingStream<WSFrame, any Error>.AsyncIterator, limit: Int) {
            self.frames = frames
            self.limit = limit
        }

        func next() async throws -> WSFrame? {
            guard !ended, let frame = try await frames.next() else { return nil }
            switch frame.opcode {
            case .text, .binary: messageSize = frame.payload.count
            case .continuation: messageSize += frame.payload.count
            default: return frame
            }
            guard messageSize > limit else { return frame }
            ended = true
            return WSFrame.close(code: .messageTooBig)
        }
    }
}
