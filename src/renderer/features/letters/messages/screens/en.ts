/**
 * The letters feature's screen strings in English: a lazy chunk, loaded with its routes once the
 * language is chosen (see ../index.ts).
 */
import type { Messages } from './nl-BE.js';

const messages: Messages = {
  letters: {
    intro: 'Request a number for an outgoing letter. Every number is handed out once and never reused.',
    offlineHint: 'You are offline. Your request is kept and sent as soon as you are connected; the number follows.',
    mine: 'My letters',
    none: 'You have not requested any letter numbers yet.',
    numberFollows: 'pending, number follows',
    arrived: 'Letter number {number} was assigned.',
    refused: 'Request refused: {message}',
    actions: 'Actions',
    markSent: 'Mark as sent',
    year: 'Year',
    allStates: 'All',
    export: 'Export (CSV)',
    exportOffline: 'Exporting needs a connection.',
    registerCount: 'No numbers | 1 number | {n} numbers',
    gaps: 'Numbers missing from the local copy (not synchronised yet): {list}',
    fields: {
      number: 'Number',
      date: 'Date',
      subject: 'Subject',
      recipient: 'Recipient',
      department: 'Department',
      handlingOfficer: 'Handling officer (contact person)',
      dispatchMethod: 'Dispatch method',
      yourReference: 'Your reference',
      dossier: 'Linked dossier',
      requestedBy: 'Requested by',
      state: 'Status',
    },
    dispatch: { post: 'Post', registered: 'Registered mail', email: 'E-mail' },
    state: { pending: 'Pending, number follows', reserved: 'Reserved', sent: 'Sent', cancelled: 'Cancelled', rejected: 'Refused' },
    pendingAction: { cancel: 'Cancellation being sent', markSent: 'Being marked as sent' },
    form: {
      title: 'New letter number',
      submit: 'Request number',
      fix: 'Fill in the required fields.',
      chooseDepartment: 'Choose a department',
      handlingOfficerHint: 'The law requires a contact person on every letter.',
      required: {
        subject: 'Enter a subject.',
        recipient: 'Enter a recipient.',
        departmentId: 'Choose a department.',
        handlingOfficer: 'Enter a handling officer (contact person).',
      },
    },
    result: {
      label: 'Your letter number',
      pendingTitle: 'Request saved, the number follows',
      pendingOnline: 'The number is being requested from the server and appears here as soon as it answers.',
      pendingOffline: 'You are offline. The request is sent as soon as you are connected; the number then appears here and you get a notification.',
      refused: 'Request refused:',
      copy: 'Copy number',
      copied: 'Copied to the clipboard.',
      copyFailed: 'Copying failed: the number is selected, press Ctrl+C.',
    },
    cancel: {
      open: 'Cancel',
      reason: 'Reason for cancelling',
      reasonRequired: 'Give a reason (at least 3 characters).',
      confirm: 'Cancel number',
      back: 'Back',
    },
  },
};

export default messages;
