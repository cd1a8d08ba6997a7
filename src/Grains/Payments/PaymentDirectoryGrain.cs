using Orleans.Concurrency;
using SocialFlow.Grains.Interfaces.Paging;
using SocialFlow.Grains.Interfaces.Payments;

namespace SocialFlow.Grains.Payments;

/// <summary>Paged reads of payments (stateless, key 0): a buyer's history, newest first.</summary>
[StatelessWorker]
[Reentrant]
public sealed class PaymentDirectoryGrain(PaymentStore store) : Grain, IPaymentDirectoryGrain
{
    public Task<PaymentPage> HistoryAsync(Guid buyerId, PageCursor? after, int limit) => store.HistoryAsync(buyerId, after, PageLimit.Clamp(limit));
}
