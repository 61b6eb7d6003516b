// The profile types the fleet exposes, with Pyroscope's ids (fixtures/pyroscope/connect_ProfileTypes.json).
import type { ProfileTypeInfo } from '../../contract';

export type ProfileKind = 'cpu' | 'alloc_space' | 'alloc_objects' | 'inuse_space';

export interface SimProfileType extends ProfileTypeInfo {
  kind: ProfileKind;
}

export const PROFILE_TYPES: readonly SimProfileType[] = [
  { id: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds', name: 'process_cpu', sampleType: 'cpu', sampleUnit: 'nanoseconds', periodType: 'cpu', periodUnit: 'nanoseconds', kind: 'cpu' },
  { id: 'memory:alloc_space:bytes:space:bytes', name: 'memory', sampleType: 'alloc_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes', kind: 'alloc_space' },
  { id: 'memory:alloc_objects:count:space:bytes', name: 'memory', sampleType: 'alloc_objects', sampleUnit: 'count', periodType: 'space', periodUnit: 'bytes', kind: 'alloc_objects' },
  { id: 'memory:inuse_space:bytes:space:bytes', name: 'memory', sampleType: 'inuse_space', sampleUnit: 'bytes', periodType: 'space', periodUnit: 'bytes', kind: 'inuse_space' },
];

export function profileTypeById(id: string): SimProfileType | undefined {
  return PROFILE_TYPES.find((t) => t.id === id);
}
