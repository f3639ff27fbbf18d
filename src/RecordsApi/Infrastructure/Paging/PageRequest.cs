using FluentValidation;

namespace RecordsApi.Infrastructure.Paging;

/// <summary>The paging half of every list request.</summary>
public sealed record PageRequest(
    [property: Description("Items per page, 1 to 200 (default 50).")] int? Limit,
    [property: Description("The nextCursor of the previous page; omit for the first page.")] string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public int Size => Limit ?? DefaultLimit;
}

internal sealed class PageRequestValidator : AbstractValidator<PageRequest>
{
    public PageRequestValidator()
    {
        RuleFor(p => p.Limit).InclusiveBetween(1, PageRequest.MaxLimit)
            .WithMessage($"Must be between 1 and {PageRequest.MaxLimit}.");
        RuleFor(p => p.Cursor).MaximumLength(2048).WithMessage("Is not a cursor this service made.");
    }
}

/// <summary>A page of a list: the items and the cursor of the next page (null on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor) : ILinkedPage;

/// <summary>A list answer that also links its next page in a Link header (rel="next"), so the OpenAPI document declares it.</summary>
public interface ILinkedPage;
