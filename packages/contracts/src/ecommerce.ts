/**
 * Event names of the Segment e-commerce spec v2
 * (https://segment.com/docs/connections/spec/ecommerce/v2/) that Rapport's profile features understand.
 */
export const ecommerceEvents = {
  productsSearched: 'Products Searched',
  productListViewed: 'Product List Viewed',
  productListFiltered: 'Product List Filtered',
  productClicked: 'Product Clicked',
  productViewed: 'Product Viewed',
  productAdded: 'Product Added',
  productRemoved: 'Product Removed',
  cartViewed: 'Cart Viewed',
  checkoutStarted: 'Checkout Started',
  paymentInfoEntered: 'Payment Info Entered',
  orderCompleted: 'Order Completed',
  orderUpdated: 'Order Updated',
  orderRefunded: 'Order Refunded',
  orderCancelled: 'Order Cancelled',
  productAddedToWishlist: 'Product Added to Wishlist',
  productShared: 'Product Shared',
  productReviewed: 'Product Reviewed',
} as const;

/** The event Segment's consent tools send when a person changes their consent categories. */
export const consentUpdatedEvent = 'Segment Consent Preference Updated';
